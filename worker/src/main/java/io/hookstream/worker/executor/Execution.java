package io.hookstream.worker.executor;

import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One hook to execute, already rendered by the dispatcher: the executor section and action of its template,
 * the resolved params (also exported to exec as environment variables), the per-attempt timeout and how
 * many times to retry a failed attempt, plus the invocation's variables, volumes, volume mounts and runtime
 * settings (used by the Function executor's Job; absent lists are empty). Knows nothing of Kafka.
 *
 * @param runId           for logs and labels only
 * @param hookId          unique id of this hook of this run, for logs and labels only
 * @param hookName        the hook's name in the run request
 * @param session         the session summary; its namespace is the invoker's namespace
 * @param variables       the invocation's environment variables (KubeStash {@code HookInfo.variables})
 * @param runtimeSettings the invocation's runtime settings of the executor Job, or null
 * @param deadline        when the hook's result is due (the hook event's {@code deadline}): no retry is started that
 *                        could not end by then (its backoff and timeout); null: every retry of {@code maxRetry}
 */
public record Execution(
        String runId,
        String hookId,
        String hookName,
        SessionSummary session,
        HookExecutor executor,
        HookAction action,
        Map<String, String> params,
        Duration timeout,
        int maxRetry,
        List<EnvVar> variables,
        List<Volume> volumes,
        List<VolumeMount> volumeMounts,
        RuntimeSettings runtimeSettings,
        Instant deadline) {

    /** An execution without a deadline: every retry of {@code maxRetry} is made. */
    public Execution(
            String runId,
            String hookId,
            String hookName,
            SessionSummary session,
            HookExecutor executor,
            HookAction action,
            Map<String, String> params,
            Duration timeout,
            int maxRetry,
            List<EnvVar> variables,
            List<Volume> volumes,
            List<VolumeMount> volumeMounts,
            RuntimeSettings runtimeSettings) {
        this(
                runId,
                hookId,
                hookName,
                session,
                executor,
                action,
                params,
                timeout,
                maxRetry,
                variables,
                volumes,
                volumeMounts,
                runtimeSettings,
                null);
    }

    public Execution {
        params = params == null ? Map.of() : Map.copyOf(params);
        variables = variables == null ? List.of() : List.copyOf(variables);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }

    /** This execution with another per-attempt timeout. */
    public Execution withTimeout(Duration newTimeout) {
        return new Execution(
                runId,
                hookId,
                hookName,
                session,
                executor,
                action,
                params,
                newTimeout,
                maxRetry,
                variables,
                volumes,
                volumeMounts,
                runtimeSettings,
                deadline);
    }
}
