package io.hookstream.dispatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookstream.dispatcher.internal.DispatcherVerticle;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.KafkaConfig;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.StartedInOrder;
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
 * A running dispatcher. {@link #start(Vertx, DispatcherConfig)} decides on Kubernetes access (and builds the
 * client when none is given), creates missing topics, checks their co-partitioning, then deploys the
 * {@link DispatcherVerticle} (HTTP API, run coordination, request and result consumer), which builds and starts
 * its own collaborators in order. What started is stopped in reverse order by {@link #stop()}, and by the start
 * when a later step fails.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DispatcherVerticle verticle;
    private final DispatcherConfig config;
    private final LoopWatch loops;
    private final StartedInOrder started;

    private Dispatcher(DispatcherVerticle verticle, DispatcherConfig config, LoopWatch loops, StartedInOrder started) {
        this.verticle = verticle;
        this.config = config;
        this.loops = loops;
        this.started = started;
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
     * kubernetes} and the HookRun mirror (not closed by the dispatcher; null: the dispatcher builds its own when
     * {@link DispatcherConfig#kubernetes()} decides on access, and closes it on stop; otherwise it has none and
     * does not mirror runs).
     */
    public static Future<Dispatcher> start(
            Vertx vertx, DispatcherConfig config, PrometheusMeterRegistry registry, KubernetesClient kubernetes) {
        return start(vertx, config, registry, kubernetes, new LoopWatch(registry));
    }

    /**
     * As {@link #start(Vertx, DispatcherConfig, PrometheusMeterRegistry, KubernetesClient)}, with the process's
     * {@link LoopWatch}: the dispatcher's loop is watched there, and its health endpoints fail once any loop
     * watched there died (the standalone shares one between its dispatcher and workers).
     */
    public static Future<Dispatcher> start(
            Vertx vertx,
            DispatcherConfig config,
            PrometheusMeterRegistry registry,
            KubernetesClient kubernetes,
            LoopWatch loops) {
        LOG.info("starting dispatcher with {}", config.describe());
        if (!config.api().authEnabled()) {
            LOG.warn(
                    "the HTTP API is unauthenticated: anyone who can reach {}:{} may submit runs; set "
                            + "--api-tokens-file or HOOKSTREAM_API_TOKENS (see docs/security.md)",
                    config.http().host(),
                    config.http().port());
        }
        StartedInOrder started = new StartedInOrder("dispatcher");
        KubernetesClient client = kubernetes;
        if (client == null) {
            KubernetesAccess.Decision access = config.kubernetes().decide();
            if (access.enabled()) {
                KubernetesClient owned = new KubernetesClientBuilder().build(); // reads its configuration only
                client = started.add("Kubernetes client", owned, StartedInOrder.Stop.now(owned::close));
                LOG.info("Kubernetes API server {} ({})", owned.getMasterUrl(), access.where());
            }
        }
        KubernetesClient cluster = client;
        KafkaConfig kafka = config.kafka();
        Properties clientProperties = KafkaClients.common(
                kafka.bootstrapServers(), kafka.properties(), "hookstream-dispatcher-" + kafka.instanceId());
        return vertx.executeBlocking(() -> TopicProvisioner.ensure(
                        clientProperties,
                        kafka.topics(),
                        kafka.topics().ofDispatcher(),
                        kafka.partitions(),
                        kafka.replicationFactor()))
                .compose(created -> vertx.executeBlocking(() -> CoPartitioning.check(
                        clientProperties,
                        List.of(
                                kafka.topics().requests(),
                                kafka.topics().results(),
                                kafka.topics().dispatcherState()))))
                .compose(partitions -> {
                    DispatcherVerticle verticle =
                            new DispatcherVerticle(config, clientProperties, partitions, registry, cluster, loops);
                    return vertx.deployVerticle(verticle).map(id -> {
                        started.add(
                                "dispatcher verticle",
                                id,
                                () -> vertx.undeploy(id).toCompletionStage());
                        loops.watch("dispatcher", "dispatcher", verticle.loop());
                        return new Dispatcher(verticle, config, loops, started);
                    });
                })
                .recover(failure -> Future.fromCompletionStage(started.stopAll())
                        .transform(stopped -> Future.<Dispatcher>failedFuture(failure)))
                .onSuccess(d -> LOG.info(
                        "dispatcher ready: HTTP on {}:{}, consuming {} and {}",
                        config.http().host(),
                        d.httpPort(),
                        kafka.topics().requests(),
                        kafka.topics().results()));
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

    /** Stops what started in reverse order: the verticle (HTTP, loop, mirror, ...), then an own Kubernetes client. */
    public Future<Void> stop() {
        return Future.fromCompletionStage(started.stopAll());
    }
}
