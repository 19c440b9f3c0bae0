package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.internal.StepOutcome;

/**
 * Turns a failed Kubernetes API call into a Failed outcome: HTTP 403 is KubernetesForbidden and names the verb,
 * resource and namespace the worker's service account needs; anything else is KubernetesError.
 */
public final class KubernetesFailures {

    static final int FORBIDDEN = 403;

    private KubernetesFailures() {}

    /**
     * @param verb      the RBAC verb of the call: get, list, create
     * @param resource  the RBAC resource: pods, pods/exec, replicasets
     * @param namespace where the call went
     */
    public static StepOutcome outcome(String verb, String resource, String namespace, Throwable failure) {
        int code = httpCode(failure);
        if (code == FORBIDDEN) {
            return StepOutcome.failed(
                    Reasons.KUBERNETES_FORBIDDEN,
                    "Kubernetes refused to " + verb + " " + resource
                            + " in namespace " + namespace + " (HTTP 403" + serverMessage(failure)
                            + "): grant the worker's"
                            + " service account the verb '" + verb + "' on '" + resource + "' in " + namespace
                            + " (see docs/pod-executor.md for the Role it needs)");
        }
        return StepOutcome.failed(
                Reasons.KUBERNETES_ERROR,
                "the Kubernetes call to " + verb + " " + resource
                        + " in namespace " + namespace + " failed (" + (code > 0 ? "HTTP " + code + ": " : "")
                        + describe(failure)
                        + "); check that the API server is reachable from the worker; the attempt is"
                        + " retried if the hook has a maxRetry");
    }

    /** The HTTP status of the first cause that carries one (an API error or a refused exec upgrade), else 0. */
    static int httpCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException api && api.getCode() > 0) {
                return api.getCode();
            }
            if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
                return handshake.getResponse().code();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return 0;
    }

    private static String serverMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException api
                    && api.getStatus() != null
                    && api.getStatus().getMessage() != null) {
                return ": " + api.getStatus().getMessage();
            }
        }
        return "";
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
