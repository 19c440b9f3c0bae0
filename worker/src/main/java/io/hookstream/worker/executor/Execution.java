package io.hookstream.worker.executor;

import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import java.time.Duration;
import java.util.Map;

/**
 * One hook to execute, already rendered by the dispatcher: the executor section and action of its template,
 * the resolved params (also exported to exec as environment variables), the per-attempt timeout and how
 * many times to retry a failed attempt. Knows nothing of Kafka.
 *
 * @param runId    for logs and labels only
 * @param hookId   unique id of this hook of this run, for logs and labels only
 * @param hookName the hook's name in the run request
 * @param session  the session summary; its namespace is the invoker's namespace
 */
public record Execution(String runId, String hookId, String hookName, SessionSummary session, HookExecutor executor,
                        HookAction action, Map<String, String> params, Duration timeout, int maxRetry) {

    public Execution {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
