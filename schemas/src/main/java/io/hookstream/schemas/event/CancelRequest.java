package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Stop a run: what an orchestrator publishes to the requests topic (keyed by the run id, CloudEvents type
 * {@value CloudEventHeaders#TYPE_RUN_CANCEL_REQUESTED}) or what {@code POST /v1/runs/{runId}/cancel} publishes for it,
 * and what the dispatcher that owns the run forwards to the workers on the cancels topic (type
 * {@value CloudEventHeaders#TYPE_RUN_CANCELLED}). It is also the {@code cancellation} of the run's outcome.
 *
 * @param runId       the run to stop (required)
 * @param reason      free text from the canceller, e.g. "backup cancelled by the user" (optional, at most 1024
 *                    characters are kept)
 * @param requestedBy who asked: the API token's name, the record's {@code ce_source}, or the CLI user (optional)
 * @param requestedAt when it was asked; filled in by the dispatcher when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelRequest(String runId, String reason, String requestedBy, Instant requestedAt) {

    /** The longest {@code reason} and {@code requestedBy} kept; longer text is cut. */
    public static final int MAX_TEXT = 1024;

    public CancelRequest {
        reason = cut(reason);
        requestedBy = cut(requestedBy);
    }

    public CancelRequest at(Instant when) {
        return new CancelRequest(runId, reason, requestedBy, when);
    }

    /** "by X: reason" or what of it is known, for messages. */
    public String describe() {
        String by = requestedBy == null || requestedBy.isBlank() ? "" : " by " + requestedBy;
        String why = reason == null || reason.isBlank() ? "" : ": " + reason;
        return "cancelled" + by + why;
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
