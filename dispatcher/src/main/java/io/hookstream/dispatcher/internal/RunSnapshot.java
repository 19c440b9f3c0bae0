package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.hookstream.schemas.event.RunOutcome;
import java.util.List;

/**
 * A run's whole state as the dispatcher writes it to its state topic (keyed by run id, compacted): the view it
 * answers with, the planned hooks (rendered at acceptance) and the index of the next hook. Internal: not a
 * published contract.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunSnapshot(RunOutcome view, List<PlannedHook> plan, int next) {
}
