package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an orchestrator asks for: run these hooks (KubeStash {@code HookInfo}s), in order, for this phase of
 * this session. {@code runId} is optional (generated when absent); a repeated runId is the same run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(String runId, Phase phase, SessionSummary session, List<HookInfo> hooks) {

    public RunRequest {
        hooks = hooks == null ? null : List.copyOf(hooks);
    }

    public RunRequest withRunId(String id) {
        return new RunRequest(id, phase, session, hooks);
    }
}
