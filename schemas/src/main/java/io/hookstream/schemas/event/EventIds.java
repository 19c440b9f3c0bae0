package io.hookstream.schemas.event;

import java.util.Optional;

/**
 * The CloudEvents ids ({@code ce_id}) of hookstream's events, built and parsed here only. Each is derived from the
 * run id (and the hook's index), so an event produced again after a crash has the same id as the first copy:
 *
 * <ul>
 *   <li>hook event: the hook id, {@code <runId>/<index>} ({@link #hookId})</li>
 *   <li>hook result: {@code <hookId>#result} ({@link #result}, parsed back with {@link #hookIdOfResult})</li>
 *   <li>run outcome: {@code <runId>#outcome}</li>
 *   <li>cancel request (requests topic): {@code <runId>#cancel-request}; forwarded cancel: {@code <runId>#cancel}</li>
 * </ul>
 */
public final class EventIds {

    private static final String RESULT = "#result";

    private EventIds() {}

    /** The hook id of hook {@code index} of run {@code runId}: stable, so a re-dispatch is recognisable. */
    public static String hookId(String runId, int index) {
        return runId + "/" + index;
    }

    public static String result(String hookId) {
        return hookId + RESULT;
    }

    /** The hook id a result's {@code ce_id} names, or empty when it is no result id. */
    public static Optional<String> hookIdOfResult(String ceId) {
        return ceId != null && ceId.endsWith(RESULT) && ceId.length() > RESULT.length()
                ? Optional.of(ceId.substring(0, ceId.length() - RESULT.length()))
                : Optional.empty();
    }

    public static String outcome(String runId) {
        return runId + "#outcome";
    }

    public static String cancelRequest(String runId) {
        return runId + "#cancel-request";
    }

    public static String cancel(String runId) {
        return runId + "#cancel";
    }
}
