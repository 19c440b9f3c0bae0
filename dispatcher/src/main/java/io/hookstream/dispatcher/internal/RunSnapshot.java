package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.RunOutcome;
import java.util.List;

/**
 * A run's whole state as the dispatcher writes it to its state topic (keyed by run id, compacted): the view it
 * answers with, the planned hooks (rendered at acceptance) and the index of the next hook. A cancel that arrived
 * before its run's request is kept as a snapshot with only {@code earlyCancel} set, so that the request is cancelled
 * when it comes, also on another dispatcher after a failover. Internal: not a published contract.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSnapshot(RunOutcome view, List<PlannedHook> plan, int next, CancelRequest earlyCancel) {

    static RunSnapshot earlyCancel(CancelRequest cancel) {
        return new RunSnapshot(null, null, 0, cancel);
    }
}
