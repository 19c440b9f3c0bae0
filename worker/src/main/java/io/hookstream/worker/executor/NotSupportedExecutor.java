package io.hookstream.worker.executor;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/** Stands in for an executor type this worker cannot run (no Kubernetes access): every attempt fails with ExecutorNotSupported. */
public final class NotSupportedExecutor implements ActionExecutor {

    private final ExecutorType type;

    public NotSupportedExecutor(ExecutorType type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public Future<AttemptResult> attempt(Execution execution, AbortSignal abort) {
        return Future.succeededFuture(new AttemptResult(
                HookStatus.Failed,
                Reasons.EXECUTOR_NOT_SUPPORTED,
                "executor.type " + type + " needs Kubernetes access, which this worker runs without (--kubernetes"
                        + " false, or auto found neither an in-cluster service account nor a kubeconfig): run the"
                        + " worker in the cluster or with a kubeconfig and HOOKSTREAM_KUBERNETES=true, or use"
                        + " executor.type Operator",
                List.of()));
    }
}
