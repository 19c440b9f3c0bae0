package io.hookstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one decision whether a process talks to a Kubernetes API, and where its configuration comes from: an
 * in-cluster service account (a token and {@code KUBERNETES_SERVICE_HOST}), a kubeconfig ({@code KUBECONFIG} or
 * {@code ~/.kube/config}) — the sources fabric8 reads — or none. {@code ON} and {@code OFF} decide without
 * looking; {@code AUTO} is on when one of those sources exists. The worker's {@code --kubernetes} setting is one
 * (Pod and Function executors); the dispatcher needs access with {@code --template-source kubernetes}; the
 * standalone's one client serves both ({@link #or}).
 */
public enum KubernetesAccess {
    AUTO,
    ON,
    OFF;

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    /**
     * Whether the process has Kubernetes access, and where from, for the start-up log.
     *
     * @param enabled whether to build a Kubernetes client
     * @param where   the configuration found ({@code in-cluster service account}, {@code kubeconfig FILE}), or why
     *                there is none
     */
    public record Decision(boolean enabled, String where) {}

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

    /** Access when either needs it: on if one is on, off if both are off, else auto. */
    public KubernetesAccess or(KubernetesAccess other) {
        if (this == ON || other == ON) {
            return ON;
        }
        return this == OFF && other == OFF ? OFF : AUTO;
    }

    /** Decides against this process's environment and home directory. */
    public Decision decide() {
        return decide(System.getenv(), Path.of(System.getProperty("user.home", "/")));
    }

    /** Decides against {@code env} and {@code home} (the sources fabric8 reads). */
    public Decision decide(Map<String, String> env, Path home) {
        Optional<String> found = where(env, home);
        return switch (this) {
            case OFF -> new Decision(false, "off");
            case ON -> new Decision(true, found.orElse("on, no kubeconfig or service account found"));
            case AUTO ->
                found.map(where -> new Decision(true, where))
                        .orElse(new Decision(false, "no in-cluster service account and no kubeconfig"));
        };
    }

    /** Where a Kubernetes configuration was found; empty when there is none. */
    public static Optional<String> where(Map<String, String> env, Path home) {
        if (env.get("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
            return Optional.of("in-cluster service account");
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
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
