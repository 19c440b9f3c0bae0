package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaConfig;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.Setting;
import io.hookstream.kafka.SettingsTable;
import io.hookstream.kafka.signing.HookSigning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dispatcher's settings: one table ({@link #TABLE}) that its configuration is read with, and that its
 * {@code --help}, its start-up line and its table in README.md are made from.
 */
public final class DispatcherSettings {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public static final Setting<String> GROUP =
            Setting.text("dispatcher-group", DispatcherConfig.DEFAULT_GROUP, "Consumer group of the dispatchers.");
    public static final Setting<String> WORKER_GROUP = Setting.text(
            "worker-group",
            DispatcherConfig.DEFAULT_WORKER_GROUP,
            "Consumer group of the workers, whose members and lag GET /v1/cluster shows (set it as the workers'"
                    + " worker-group).");
    public static final Setting<String> HTTP_HOST =
            Setting.text("http-host", "0.0.0.0", "Address of the HTTP API" + " (standalone: 127.0.0.1).");
    public static final Setting<Integer> HTTP_PORT =
            Setting.integer("http-port", 8080, 0, 65_535, "Port of the HTTP API (0: any free port).");
    public static final Setting<TemplateSource> TEMPLATE_SOURCE = Setting.choice(
            "template-source",
            TemplateSource.FILES,
            TemplateSource.FILES.configValue(),
            "files|kubernetes",
            TemplateSource::parse,
            "use files (manifests under --templates) or kubernetes (HookTemplate resources of the cluster)",
            "files: HookTemplate manifests under templates; kubernetes: HookTemplates and Namespaces from the API"
                    + " server (docs/kubernetes-templates.md).");
    public static final Setting<Path> TEMPLATES = Setting.path(
            "templates", Path.of("examples/templates"), "Directory of HookTemplate manifests (template-source files).");
    public static final Setting<Duration> TEMPLATES_RELOAD_INTERVAL = Setting.duration(
            "templates-reload-interval",
            Duration.ofSeconds(2),
            "How often the templates directory is checked for changes.");
    public static final Setting<List<String>> WATCH_NAMESPACES = Setting.custom(
            "watch-namespaces",
            "list",
            "all",
            "With template-source kubernetes, the namespaces whose HookTemplates are served.",
            DispatcherSettings::watchNamespaces);
    public static final Setting<Duration> TEMPLATES_SYNC_TIMEOUT = Setting.duration(
            "templates-sync-timeout",
            Duration.ofSeconds(30),
            "With template-source kubernetes, how long start-up waits for the first list of" + " the cluster.");
    public static final Setting<Duration> DEFAULT_HOOK_TIMEOUT = Setting.duration(
            "default-hook-timeout",
            Duration.ofMinutes(5),
            "A hook's timeout per attempt when its template gives none.");
    public static final Setting<Duration> MAX_HOOK_TIMEOUT = Setting.duration(
            "max-hook-timeout", Duration.ofHours(1), "The longest timeout a template may give a hook.");
    public static final Setting<Integer> MAX_RETRY_LIMIT =
            Setting.integer("max-retry-limit", 10, 0, 1_000, "The most retries a template may give a hook.");
    public static final Setting<Duration> RESULT_GRACE = Setting.duration(
            "result-grace",
            DispatcherConfig.DEFAULT_RESULT_GRACE,
            "After a hook's timeout per attempt and retries, how long the"
                    + " dispatcher still waits for a result before it records TimedOut (NoResult) and ends the run.");
    public static final Setting<Duration> RUN_RETENTION = Setting.duration(
            "run-retention",
            Duration.ofHours(24),
            "How long finished runs are kept in memory for idempotency and GET (7 days in the state topic);"
                    + " finished HookRuns are deleted after it.");
    public static final Setting<Boolean> KUBERNETES_RUN_MIRROR = Setting.bool(
            DispatcherConfig.KUBERNETES_RUN_MIRROR,
            true,
            "With a Kubernetes client (template-source kubernetes; standalone: also the workers' kubernetes),"
                    + " runs are mirrored as HookRun resources in the invoker's namespace and failed hooks as Events"
                    + " on the invoker; false turns it off.");

    /** Every setting of the dispatcher, in the order of its --help, its start-up line and README.md. */
    public static final SettingsTable<DispatcherConfig> TABLE = SettingsTable.<DispatcherConfig>builder()
            .addAll(KafkaConfig.table(GROUP), DispatcherConfig::kafka)
            .add(HTTP_HOST, c -> c.http().host())
            .add(HTTP_PORT, c -> c.http().port())
            .addAll(ApiSecurity.TABLE, DispatcherConfig::api)
            .add(TEMPLATE_SOURCE, c -> c.templates().source().configValue())
            .add(TEMPLATES, c -> files(c).map(DispatcherConfig.Templates::dir))
            .add(TEMPLATES_RELOAD_INTERVAL, c -> files(c).map(DispatcherConfig.Templates::reloadInterval))
            .add(
                    WATCH_NAMESPACES,
                    c -> cluster(c)
                            .map(t -> t.watchNamespaces().isEmpty() ? "all" : String.join(",", t.watchNamespaces())))
            .add(TEMPLATES_SYNC_TIMEOUT, c -> cluster(c).map(DispatcherConfig.Templates::syncTimeout))
            .add(DEFAULT_HOOK_TIMEOUT, c -> c.runs().defaultHookTimeout())
            .add(MAX_HOOK_TIMEOUT, c -> c.runs().maxHookTimeout())
            .add(MAX_RETRY_LIMIT, c -> c.runs().maxRetryLimit())
            .add(RESULT_GRACE, c -> c.runs().resultGrace())
            .add(RUN_RETENTION, c -> c.runs().retention())
            .addAll(HookSigning.TABLE, DispatcherConfig::hookSigning)
            .add(SecretParams.PATTERNS, c -> c.secretParams().patterns())
            .add(KUBERNETES_RUN_MIRROR, DispatcherConfig::kubernetesRunMirror)
            .add(WORKER_GROUP, DispatcherConfig::workerGroup)
            .build();

    private DispatcherSettings() {}

    /** The {@code --help} text of {@code hookstream dispatcher}. */
    public static String help() {
        return TABLE.help(
                "hookstream dispatcher [--name value ...]",
                "Runs a dispatcher against an existing Kafka"
                        + " cluster: turns run requests into hook events and the workers' results into one outcome per run.");
    }

    /** The templates settings when they come from files (the start-up line shows only those in use). */
    private static Optional<DispatcherConfig.Templates> files(DispatcherConfig config) {
        return Optional.of(config.templates()).filter(t -> t.source() == TemplateSource.FILES);
    }

    private static Optional<DispatcherConfig.Templates> cluster(DispatcherConfig config) {
        return Optional.of(config.templates()).filter(t -> t.source() == TemplateSource.KUBERNETES);
    }

    private static List<String> watchNamespaces(ConfigReader reader) {
        List<String> namespaces = new ArrayList<>();
        for (String namespace : reader.list("watch-namespaces", List.of())) {
            if (namespaces.contains(namespace)) {
                continue;
            }
            if (!NAMESPACE.matcher(namespace).matches()) {
                reader.problem(
                        "watch-namespaces",
                        "'" + namespace + "' is not a namespace name: use lower-case "
                                + "letters, digits and '-', e.g. demo,prod (leave empty to watch all namespaces)");
            }
            namespaces.add(namespace);
        }
        return namespaces;
    }
}
