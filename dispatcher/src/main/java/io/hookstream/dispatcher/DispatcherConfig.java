package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.schemas.GoDuration;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the dispatcher is configured with, read once at start-up from flags and {@code HOOKSTREAM_*}
 * environment variables (see {@link #from(ConfigReader)}) and validated there.
 *
 * @param commitInterval       the shortest time between two transactions (outputs + consumed offsets)
 * @param kafkaProperties      extra Kafka client properties ({@code HOOKSTREAM_KAFKA_*}), e.g. security settings
 * @param templateSource       where HookTemplates and Namespaces come from: files (default) or kubernetes
 * @param watchNamespaces      with the kubernetes source, the namespaces whose HookTemplates are served (empty: all)
 * @param templatesSyncTimeout with the kubernetes source, how long start-up waits for the first list of the cluster
 * @param api                  API tokens, request size limit and TLS of the HTTP API
 * @param hookSigning          the key hook events are signed with (settings hook-signing*, see docs/security.md)
 * @param resultGrace          how long past a hook's timeouts and retries the dispatcher waits for its result before
 *                             it records TimedOut (reason NoResult) and ends the run
 * @param stableInstanceId     whether {@code instanceId} names this process across restarts (setting
 *                             {@value ConfigReader#STABLE_INSTANCE_ID}): consumer and transactional id are then
 *                             named after it
 * @param kubernetesRunMirror  whether runs are mirrored as HookRun resources (and failed hooks as Events on their
 *                             invoker) when the dispatcher has a Kubernetes client (setting
 *                             {@value #KUBERNETES_RUN_MIRROR}, default true: an opt-out)
 */
public record DispatcherConfig(String bootstrapServers, TopicNames topics, int partitions, int replicationFactor,
                               String httpHost, int httpPort, Path templatesDir, Duration templatesReloadInterval,
                               Duration defaultHookTimeout, Duration maxHookTimeout, int maxRetryLimit,
                               Duration runRetention, Duration commitInterval, String groupId, String instanceId,
                               boolean stableInstanceId, Map<String, String> kafkaProperties,
                               TemplateSource templateSource,
                               List<String> watchNamespaces, Duration templatesSyncTimeout, ApiSecurity api,
                               SecretParams secretParams, HookSigning hookSigning, Duration resultGrace,
                               boolean kubernetesRunMirror) {

    /** The setting that turns the HookRun mirror off ({@code --kubernetes-run-mirror=false}). */
    public static final String KUBERNETES_RUN_MIRROR = "kubernetes-run-mirror";

    public static final String DEFAULT_GROUP = "hookstream-dispatcher";
    public static final Duration DEFAULT_RESULT_GRACE = Duration.ofMinutes(5);
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public DispatcherConfig {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        templateSource = templateSource == null ? TemplateSource.FILES : templateSource;
        watchNamespaces = watchNamespaces == null ? List.of() : List.copyOf(watchNamespaces);
        api = api == null ? ApiSecurity.open() : api;
        secretParams = secretParams == null ? SecretParams.defaults() : secretParams;
        hookSigning = hookSigning == null ? HookSigning.disabled() : hookSigning;
        resultGrace = resultGrace == null ? DEFAULT_RESULT_GRACE : resultGrace;
    }

    /** Reads and validates the configuration; throws listing every invalid setting. */
    public static DispatcherConfig from(ConfigReader reader) {
        DispatcherConfig config = new DispatcherConfig(
                reader.string("bootstrap-servers", "localhost:9092"),
                new TopicNames(reader.string("topic-prefix", TopicNames.DEFAULT_PREFIX)),
                reader.integer("topic-partitions", 6, 1, 10_000),
                reader.integer("topic-replication-factor", -1, -1, 32),
                reader.string("http-host", "0.0.0.0"),
                reader.integer("http-port", 8080, 0, 65_535),
                reader.path("templates", Path.of("examples/templates")),
                reader.duration("templates-reload-interval", Duration.ofSeconds(2)),
                reader.duration("default-hook-timeout", Duration.ofMinutes(5)),
                reader.duration("max-hook-timeout", Duration.ofHours(1)),
                reader.integer("max-retry-limit", 10, 0, 1_000),
                reader.duration("run-retention", Duration.ofHours(24)),
                reader.durationUpTo("commit-interval", TransactionalLoop.DEFAULT_COMMIT_INTERVAL, Duration.ofSeconds(5)),
                reader.string("dispatcher-group", DEFAULT_GROUP),
                reader.string("instance-id", ConfigReader.defaultInstanceId("dispatcher")),
                reader.bool(ConfigReader.STABLE_INSTANCE_ID, false),
                reader.kafkaProperties(),
                templateSource(reader),
                watchNamespaces(reader),
                reader.duration("templates-sync-timeout", Duration.ofSeconds(30)),
                ApiSecurity.from(reader),
                SecretParams.from(reader),
                HookSigning.from(reader),
                reader.duration("result-grace", DEFAULT_RESULT_GRACE),
                reader.bool(KUBERNETES_RUN_MIRROR, true));
        if (config.bootstrapServers().isBlank()) {
            reader.problem("bootstrap-servers", "must name at least one broker, e.g. localhost:9092");
        }
        if (config.defaultHookTimeout().compareTo(config.maxHookTimeout()) > 0) {
            reader.problem("default-hook-timeout", "must not exceed --max-hook-timeout ("
                    + GoDuration.format(config.maxHookTimeout()) + ")");
        }
        if (config.templateSource() != TemplateSource.KUBERNETES && !config.watchNamespaces().isEmpty()) {
            reader.problem("watch-namespaces", "is only used with --template-source kubernetes; remove it or set "
                    + "the template source to kubernetes");
        }
        reader.validate();
        return config;
    }

    private static TemplateSource templateSource(ConfigReader reader) {
        String text = reader.string("template-source", TemplateSource.FILES.configValue());
        return TemplateSource.parse(text).orElseGet(() -> {
            reader.problem("template-source", "'" + text + "' is not valid: use files (manifests under --templates) "
                    + "or kubernetes (HookTemplate resources of the cluster)");
            return TemplateSource.FILES;
        });
    }

    private static List<String> watchNamespaces(ConfigReader reader) {
        List<String> namespaces = new ArrayList<>();
        for (String part : reader.string("watch-namespaces", "").split(",")) {
            String namespace = part.trim();
            if (namespace.isEmpty() || namespaces.contains(namespace)) {
                continue;
            }
            if (!NAMESPACE.matcher(namespace).matches()) {
                reader.problem("watch-namespaces", "'" + namespace + "' is not a namespace name: use lower-case "
                        + "letters, digits and '-', e.g. demo,prod (leave empty to watch all namespaces)");
            }
            namespaces.add(namespace);
        }
        return namespaces;
    }

    public DispatcherConfig withBootstrapServers(String servers) {
        return new DispatcherConfig(servers, topics, partitions, replicationFactor, httpHost, httpPort, templatesDir,
                templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit, runRetention,
                commitInterval, groupId, instanceId, stableInstanceId, kafkaProperties, templateSource,
                watchNamespaces, templatesSyncTimeout, api, secretParams, hookSigning, resultGrace,
                kubernetesRunMirror);
    }

    public DispatcherConfig withHttpPort(int port) {
        return new DispatcherConfig(bootstrapServers, topics, partitions, replicationFactor, httpHost, port,
                templatesDir, templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit,
                runRetention, commitInterval, groupId, instanceId, stableInstanceId, kafkaProperties, templateSource,
                watchNamespaces, templatesSyncTimeout, api, secretParams, hookSigning, resultGrace,
                kubernetesRunMirror);
    }

    public DispatcherConfig withTemplatesDir(Path dir) {
        return new DispatcherConfig(bootstrapServers, topics, partitions, replicationFactor, httpHost, httpPort,
                dir, templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit, runRetention,
                commitInterval, groupId, instanceId, stableInstanceId, kafkaProperties, templateSource,
                watchNamespaces, templatesSyncTimeout, api, secretParams, hookSigning, resultGrace,
                kubernetesRunMirror);
    }

    /** The resolved configuration for the start-up log, with secret Kafka properties redacted. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bootstrapServers", bootstrapServers);
        out.put("topicPrefix", topics.prefix());
        out.put("topicPartitions", partitions);
        out.put("topicReplicationFactor", replicationFactor < 1 ? "auto" : replicationFactor);
        out.put("http", httpHost + ":" + httpPort);
        out.put("templateSource", templateSource.configValue());
        if (templateSource == TemplateSource.KUBERNETES) {
            out.put("watchNamespaces", watchNamespaces.isEmpty() ? "all" : String.join(",", watchNamespaces));
            out.put("templatesSyncTimeout", GoDuration.format(templatesSyncTimeout));
        } else {
            out.put("templates", templatesDir.toAbsolutePath().normalize());
            out.put("templatesReloadInterval", GoDuration.format(templatesReloadInterval));
        }
        out.put("defaultHookTimeout", GoDuration.format(defaultHookTimeout));
        out.put("maxHookTimeout", GoDuration.format(maxHookTimeout));
        out.put("maxRetryLimit", maxRetryLimit);
        out.put("runRetention", GoDuration.format(runRetention));
        out.put("commitInterval", GoDuration.format(commitInterval));
        out.put("group", groupId);
        out.put("instanceId", instanceId + (stableInstanceId
                ? " (stable: static group member, fixed transactional id)" : ""));
        out.put("secretParamPatterns", String.join(",", secretParams.patterns()));
        out.put("kafka", ConfigReader.redacted(kafkaProperties));
        out.put("api", api.describe());
        out.put("hookSigning", hookSigning.describe());
        out.put("resultGrace", GoDuration.format(resultGrace));
        out.put("kubernetesRunMirror", kubernetesRunMirror);
        return out;
    }
}
