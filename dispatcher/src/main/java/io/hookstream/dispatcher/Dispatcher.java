package io.hookstream.dispatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.dispatcher.internal.DispatcherVerticle;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.TopicProvisioner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dispatcher: creates missing topics, then deploys the {@link DispatcherVerticle} (HTTP API, run
 * coordination, request and result consumer). Start with {@link #start(Vertx, DispatcherConfig)}.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Vertx vertx;
    private final DispatcherVerticle verticle;
    private final String deploymentId;
    private final DispatcherConfig config;
    private final LoopWatch loops;

    private Dispatcher(Vertx vertx, DispatcherVerticle verticle, String deploymentId, DispatcherConfig config,
                       LoopWatch loops) {
        this.vertx = vertx;
        this.verticle = verticle;
        this.deploymentId = deploymentId;
        this.config = config;
        this.loops = loops;
    }

    public static Future<Dispatcher> start(Vertx vertx, DispatcherConfig config) {
        return start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Starts with meters in {@code registry} (shared with the workers in standalone mode). */
    public static Future<Dispatcher> start(Vertx vertx, DispatcherConfig config, PrometheusMeterRegistry registry) {
        return start(vertx, config, registry, null);
    }

    /**
     * Starts with meters in {@code registry} and the process's one Kubernetes client, for {@code --template-source
     * kubernetes} and the HookRun mirror (not closed by the dispatcher; null: with the kubernetes template source the
     * dispatcher builds its own from the kubeconfig or in-cluster configuration and closes it on stop, otherwise it
     * has none and does not mirror runs).
     */
    public static Future<Dispatcher> start(Vertx vertx, DispatcherConfig config, PrometheusMeterRegistry registry,
                                           KubernetesClient kubernetes) {
        return start(vertx, config, registry, kubernetes, new LoopWatch(registry));
    }

    /**
     * As {@link #start(Vertx, DispatcherConfig, PrometheusMeterRegistry, KubernetesClient)}, with the process's
     * {@link LoopWatch}: the dispatcher's loop is watched there, and its health endpoints fail once any loop
     * watched there died (the standalone shares one between its dispatcher and workers).
     */
    public static Future<Dispatcher> start(Vertx vertx, DispatcherConfig config, PrometheusMeterRegistry registry,
                                           KubernetesClient kubernetes, LoopWatch loops) {
        LOG.info("starting dispatcher with {}", config.describe());
        if (!config.api().authEnabled()) {
            LOG.warn("the HTTP API is unauthenticated: anyone who can reach {}:{} may submit runs; set "
                    + "--api-tokens-file or HOOKSTREAM_API_TOKENS (see docs/security.md)", config.http().host(),
                    config.http().port());
        }
        Properties client = KafkaClients.common(config.kafka().bootstrapServers(), config.kafka().properties(),
                "hookstream-dispatcher-" + config.kafka().instanceId());
        return vertx.executeBlocking(() -> TopicProvisioner.ensure(client, config.kafka().topics(),
                        config.kafka().topics().ofDispatcher(), config.kafka().partitions(), config.kafka().replicationFactor()))
                .compose(created -> vertx.executeBlocking(() -> CoPartitioning.check(client, List.of(
                        config.kafka().topics().requests(), config.kafka().topics().results(), config.kafka().topics().dispatcherState()))))
                .compose(partitions -> {
                    DispatcherVerticle verticle = new DispatcherVerticle(config, client, partitions, registry, kubernetes,
                            loops);
                    return vertx.deployVerticle(verticle).map(id -> {
                        loops.watch("dispatcher", "dispatcher", verticle.loop());
                        return new Dispatcher(vertx, verticle, id, config, loops);
                    });
                })
                .onSuccess(d -> LOG.info("dispatcher ready: HTTP on {}:{}, consuming {} and {}", config.http().host(),
                        d.httpPort(), config.kafka().topics().requests(), config.kafka().topics().results()));
    }

    public int httpPort() {
        return verticle.httpPort();
    }

    public DispatcherConfig config() {
        return config;
    }

    /** True once the consumer has its partitions. */
    public boolean isAssigned() {
        return verticle.loop() != null && !verticle.loop().assignment().isEmpty();
    }

    /** The process's loops: whether one of them died ({@link LoopWatch#failed()}). */
    public LoopWatch loops() {
        return loops;
    }

    public Future<Void> stop() {
        return vertx.undeploy(deploymentId);
    }
}
