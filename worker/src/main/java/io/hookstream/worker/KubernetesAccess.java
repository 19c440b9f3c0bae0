package io.hookstream.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a worker runs the Kubernetes executors (Pod, Function): {@code true}, {@code false}, or {@code auto} —
 * on when the process runs in a pod (a service account token and {@code KUBERNETES_SERVICE_HOST}) or a
 * kubeconfig exists ({@code KUBECONFIG} or {@code ~/.kube/config}), the sources fabric8 reads.
 */
public enum KubernetesAccess {
    AUTO, ON, OFF;

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    public static Optional<KubernetesAccess> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.of(AUTO);
            case "true", "on", "yes" -> Optional.of(ON);
            case "false", "off", "no" -> Optional.of(OFF);
            default -> Optional.empty();
        };
    }

    public String configValue() {
        return switch (this) {
            case AUTO -> "auto";
            case ON -> "true";
            case OFF -> "false";
        };
    }

    /** Resolves {@code auto} against this process's environment. */
    public boolean enabled(Map<String, String> env, Path home) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> where(env, home).isPresent();
        };
    }

    /** Where a Kubernetes configuration was found, for the start-up log; empty when there is none. */
    public static Optional<String> where(Map<String, String> env, Path home) {
        if (env.get("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
            return Optional.of("in-cluster service account");
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String file : kubeconfig.split(File.pathSeparator)) {
                if (!file.isBlank() && Files.isReadable(Path.of(file))) {
                    return Optional.of("kubeconfig " + file);
                }
            }
        }
        if (home != null && Files.isReadable(home.resolve(".kube").resolve("config"))) {
            return Optional.of("kubeconfig " + home.resolve(".kube").resolve("config"));
        }
        return Optional.empty();
    }
}
