package io.hookstream.worker.executor;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/** Stands in for an executor type this worker cannot run yet: every attempt fails with ExecutorNotSupported. */
public final class NotSupportedExecutor implements ActionExecutor {

    private final ExecutorType type;

    public NotSupportedExecutor(ExecutorType type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public Future<AttemptResult> attempt(Execution execution) {
        return Future.succeededFuture(new AttemptResult(HookStatus.Failed, Reasons.EXECUTOR_NOT_SUPPORTED,
                "executor.type " + type + " is not built yet (the Kubernetes executors Pod and Function come later);"
                        + " this worker runs Operator hooks only: use executor.type Operator, or run this hook"
                        + " with KubeStash", List.of()));
    }
}
