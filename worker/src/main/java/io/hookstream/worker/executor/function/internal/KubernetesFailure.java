package io.hookstream.worker.executor.function.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AttemptResult;
import java.util.List;

/** Turns a refused or failed Kubernetes API call into an attempt result that names the call. */
public final class KubernetesFailure {

    static final String RBAC_HINT = " (see docs/function-executor.md for the RBAC the worker needs)";

    private KubernetesFailure() {}

    /**
     * KubernetesForbidden for a 403, KubernetesError otherwise.
     *
     * @param call what was attempted, e.g. {@code "create jobs.batch hookstream-ab-1 in namespace demo"}
     */
    public static AttemptResult of(KubernetesClientException e, String call) {
        if (e.getCode() == 403) {
            return new AttemptResult(
                    HookStatus.Failed,
                    Reasons.KUBERNETES_FORBIDDEN,
                    "Kubernetes refused to " + call
                            + " (403 Forbidden): grant the worker's ServiceAccount that verb on that resource"
                            + RBAC_HINT
                            + detail(e),
                    List.of());
        }
        String status = e.getCode() > 0 ? "HTTP " + e.getCode() : "no response";
        return new AttemptResult(
                HookStatus.Failed,
                Reasons.KUBERNETES_ERROR,
                "Kubernetes API call failed: " + call + " (" + status + ")" + detail(e)
                        + "; check that the API server is reachable from the worker",
                List.of());
    }

    private static String detail(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return message == null || message.isBlank() ? "" : ": " + message;
    }
}
