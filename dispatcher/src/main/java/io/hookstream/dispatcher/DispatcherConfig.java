package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaConfig;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the dispatcher is configured with, read once at start-up from flags and {@code HOOKSTREAM_*}
 * environment variables (see {@link #from(ConfigReader)}) and validated there. The settings, their defaults and
 * descriptions are listed once, in {@link DispatcherSettings#TABLE}.
 *
 * @param kafka               brokers, topics, group, instance id, commit interval, client properties
 * @param http                where the HTTP API listens
 * @param templates           where HookTemplates and Namespaces come from
 * @param runs                hook timeouts, retries, the result grace and how long finished runs are kept
 * @param api                 API tokens, request size limit and TLS of the HTTP API
 * @param secretParams        which params are secrets (setting secret-param-patterns)
 * @param hookSigning         the key hook events are signed with (settings hook-signing*, see docs/security.md)
 * @param kubernetesRunMirror whether runs are mirrored as HookRun resources (and failed hooks as Events on their
 *                            invoker) when the dispatcher has a Kubernetes client (setting
 *                            {@value #KUBERNETES_RUN_MIRROR}, default true: an opt-out)
 * @param workerGroup         the workers' consumer group, which {@code GET /v1/cluster} describes (setting
 *                            {@code worker-group}, the same name and default as the workers' own)
 */
public record DispatcherConfig(
        KafkaConfig kafka,
        Http http,
        Templates templates,
        Runs runs,
        ApiSecurity api,
        SecretParams secretParams,
        HookSigning hookSigning,
        boolean kubernetesRunMirror,
        String workerGroup) {

    /** The setting that turns the HookRun mirror off ({@code --kubernetes-run-mirror=false}). */
    public static final String KUBERNETES_RUN_MIRROR = "kubernetes-run-mirror";

    public static final String DEFAULT_GROUP = "hookstream-dispatcher";
    /** The workers' default group (the worker's {@code WorkerConfig.DEFAULT_GROUP}; the standalone's test checks). */
    public static final String DEFAULT_WORKER_GROUP = "hookstream-workers";

    public static final Duration DEFAULT_RESULT_GRACE = Duration.ofMinutes(5);

    /** Where the HTTP API listens. */
    public record Http(String host, int port) {}

    /**
     * Where HookTemplates and Namespaces come from.
     *
     * @param source          files (default) or kubernetes
     * @param dir             with files, the manifests directory
     * @param reloadInterval  with files, how often the directory is checked for changes
     * @param watchNamespaces with kubernetes, the namespaces whose HookTemplates are served (empty: all)
     * @param syncTimeout     with kubernetes, how long start-up waits for the first list of the cluster
     */
    public record Templates(
            TemplateSource source,
            Path dir,
            Duration reloadInterval,
            List<String> watchNamespaces,
            Duration syncTimeout) {

        public Templates {
            source = source == null ? TemplateSource.FILES : source;
            watchNamespaces = watchNamespaces == null ? List.of() : List.copyOf(watchNamespaces);
        }
    }

    /**
     * How runs are planned and kept.
     *
     * @param defaultHookTimeout a hook's timeout when its template gives none
     * @param maxHookTimeout     the longest timeout a template or request may give
     * @param maxRetryLimit      the most retries a template may give
     * @param resultGrace        how long past a hook's timeouts and retries the dispatcher waits for its result before
     *                           it records TimedOut (reason NoResult) and ends the run
     * @param retention          how long finished runs are kept in memory (idempotency, GET)
     */
    public record Runs(
            Duration defaultHookTimeout,
            Duration maxHookTimeout,
            int maxRetryLimit,
            Duration resultGrace,
            Duration retention) {

        public Runs {
            resultGrace = resultGrace == null ? DEFAULT_RESULT_GRACE : resultGrace;
        }
    }

    public DispatcherConfig {
        api = api == null ? ApiSecurity.open() : api;
        secretParams = secretParams == null ? SecretParams.defaults() : secretParams;
        hookSigning = hookSigning == null ? HookSigning.disabled() : hookSigning;
        workerGroup = workerGroup == null ? DEFAULT_WORKER_GROUP : workerGroup;
    }

    /** Reads and validates the configuration; throws listing every invalid setting. */
    public static DispatcherConfig from(ConfigReader reader) {
        DispatcherConfig config = new DispatcherConfig(
                KafkaConfig.from(reader, DispatcherSettings.GROUP, "dispatcher"),
                new Http(DispatcherSettings.HTTP_HOST.read(reader), DispatcherSettings.HTTP_PORT.read(reader)),
                new Templates(
                        DispatcherSettings.TEMPLATE_SOURCE.read(reader),
                        DispatcherSettings.TEMPLATES.read(reader),
                        DispatcherSettings.TEMPLATES_RELOAD_INTERVAL.read(reader),
                        DispatcherSettings.WATCH_NAMESPACES.read(reader),
                        DispatcherSettings.TEMPLATES_SYNC_TIMEOUT.read(reader)),
                new Runs(
                        DispatcherSettings.DEFAULT_HOOK_TIMEOUT.read(reader),
                        DispatcherSettings.MAX_HOOK_TIMEOUT.read(reader),
                        DispatcherSettings.MAX_RETRY_LIMIT.read(reader),
                        DispatcherSettings.RESULT_GRACE.read(reader),
                        DispatcherSettings.RUN_RETENTION.read(reader)),
                ApiSecurity.from(reader),
                SecretParams.PATTERNS.read(reader),
                HookSigning.from(reader),
                DispatcherSettings.KUBERNETES_RUN_MIRROR.read(reader),
                DispatcherSettings.WORKER_GROUP.read(reader));
        Runs runs = config.runs();
        if (runs.defaultHookTimeout().compareTo(runs.maxHookTimeout()) > 0) {
            reader.problem(
                    DispatcherSettings.DEFAULT_HOOK_TIMEOUT.name(),
                    "must not exceed --max-hook-timeout (" + GoDuration.format(runs.maxHookTimeout()) + ")");
        }
        if (config.templates().source() != TemplateSource.KUBERNETES
                && !config.templates().watchNamespaces().isEmpty()) {
            reader.problem(
                    DispatcherSettings.WATCH_NAMESPACES.name(),
                    "is only used with --template-source"
                            + " kubernetes; remove it or set the template source to kubernetes");
        }
        reader.validate();
        return config;
    }

    /**
     * The Kubernetes access the dispatcher needs: on with {@code --template-source kubernetes}, else off (the
     * HookRun mirror then uses a client only when the process has one anyway, as the standalone's workers may).
     */
    public KubernetesAccess kubernetes() {
        return templates.source() == TemplateSource.KUBERNETES ? KubernetesAccess.ON : KubernetesAccess.OFF;
    }

    public DispatcherConfig withKafka(KafkaConfig value) {
        return new DispatcherConfig(
                value, http, templates, runs, api, secretParams, hookSigning, kubernetesRunMirror, workerGroup);
    }

    public DispatcherConfig withHttp(Http value) {
        return new DispatcherConfig(
                kafka, value, templates, runs, api, secretParams, hookSigning, kubernetesRunMirror, workerGroup);
    }

    public DispatcherConfig withTemplates(Templates value) {
        return new DispatcherConfig(
                kafka, http, value, runs, api, secretParams, hookSigning, kubernetesRunMirror, workerGroup);
    }

    public DispatcherConfig withBootstrapServers(String servers) {
        return withKafka(kafka.withBootstrapServers(servers));
    }

    public DispatcherConfig withHttpPort(int port) {
        return withHttp(new Http(http.host(), port));
    }

    public DispatcherConfig withTemplatesDir(Path dir) {
        return withTemplates(new Templates(
                templates.source(),
                dir,
                templates.reloadInterval(),
                templates.watchNamespaces(),
                templates.syncTimeout()));
    }

    /** The resolved configuration for the start-up log ({@link DispatcherSettings#TABLE}), secrets redacted. */
    public Map<String, Object> describe() {
        return DispatcherSettings.TABLE.describe(this);
    }
}
