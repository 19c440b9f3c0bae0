package io.hookstream.dispatcher.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.dispatcher.ApiSecurity;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.DispatcherException;
import io.hookstream.dispatcher.RunListener;
import io.hookstream.dispatcher.TemplateSource;
import io.hookstream.dispatcher.kubernetes.runs.RunMirror;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.LoopMetrics;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.StartedInOrder;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;

/**
 * The dispatcher: a {@link TransactionalLoop} over requests and results whose {@link DispatcherProcessor} owns the
 * runs of its partitions, the HTTP API on this verticle's event loop, and the catalog of HookTemplates from the
 * configured {@link CatalogSource} (a directory reloaded on a timer, or the cluster watched by informers).
 * Blocking work (loading files, Kubernetes calls, reading the state topic) runs on worker threads.
 */
public final class DispatcherVerticle extends VerticleBase {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DispatcherVerticle.class);

    private final DispatcherConfig config;
    private final Properties clientProperties;
    private final int partitions;
    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();
    private EventPublisher publisher;
    private final StartedInOrder started = new StartedInOrder("dispatcher");
    private TransactionalLoop loop;
    private HttpServer server;
    private final KubernetesClient kubernetes;
    private CatalogSource templates;
    private ApiTokens tokens;
    private RunListener runs = RunListener.NONE;

    private final PrometheusMeterRegistry registry;
    private final LoopWatch loops;

    /**
     * @param partitions the partition count shared by the requests, results and state topics
     * @param kubernetes the process's Kubernetes client for {@code --template-source kubernetes} and the HookRun
     *                   mirror (not closed here), or null when the dispatcher has no Kubernetes access
     * @param loops      the process's loop watch: liveness and readiness fail once a loop watched there died
     */
    public DispatcherVerticle(
            DispatcherConfig config,
            Properties clientProperties,
            int partitions,
            PrometheusMeterRegistry registry,
            KubernetesClient kubernetes,
            LoopWatch loops) {
        this.loops = loops;
        this.kubernetes = kubernetes;
        this.registry = registry;
        this.config = config;
        this.clientProperties = clientProperties;
        this.partitions = partitions;
    }

    /**
     * Builds and starts the collaborators in order: the template source, the API tokens, the HTTP producer, the run
     * book (its deadlines expire on the loop's tick), the HookRun mirror, the consuming loop, the HTTP server. Each is recorded in
     * {@link #started}; when a step fails, what started is stopped in reverse order (a failed start is not
     * undeployed), and {@link #stop()} does the same.
     */
    @Override
    public Future<?> start() {
        templates = config.templates().source() == TemplateSource.KUBERNETES
                ? new ClusterCatalogSource(vertx, config, catalog, kubernetes)
                : new FileCatalogSource(vertx, config, catalog);
        ApiSecurity security = config.api();
        return templates
                .start()
                .compose(snapshot -> vertx.executeBlocking(() -> {
                    started.add(
                            "template source", templates, () -> templates.stop().toCompletionStage());
                    if (security.authEnabled()) {
                        tokens = new ApiTokens(security);
                        tokens.start(vertx);
                        started.add("API tokens", tokens, StartedInOrder.Stop.now(() -> tokens.stop(vertx)));
                    }
                    publisher = EventPublisher.create(KafkaClients.producer(clientProperties), "dispatcher-http");
                    started.add("HTTP producer", publisher, blocking(() -> publisher.close(Duration.ofSeconds(10))));
                    return snapshot;
                }))
                .compose(snapshot -> {
                    String source = "/hookstream/dispatcher/" + config.kafka().instanceId();
                    RequestValidator validator = new RequestValidator(config);
                    HookDeadlines deadlines = new HookDeadlines(config.runs().resultGrace());
                    RunBook book = new RunBook(
                            new OutboundEvents(
                                    config.kafka().topics(),
                                    source,
                                    config.hookSigning().signer(clock)),
                            validator,
                            catalog::get,
                            config.runs().retention(),
                            config.secretParams(),
                            deadlines,
                            clock);
                    runs = RunMirror.forDispatcher(config, Optional.ofNullable(kubernetes), registry);
                    started.add("run mirror", runs, blocking(runs::close));
                    RunViews views = new RunViews(runs, clock);
                    StateTopicReader state = new StateTopicReader(
                            clientProperties, config.kafka().topics().dispatcherState());
                    RunIndex index = new RunIndex(config.runs().retention(), RunIndex.MAX_RUNS, clock);
                    RunStream stream = new RunStream();
                    RunActivity activity = new RunActivity(clock);
                    StateFollower follower = new StateFollower(
                            clientProperties, config.kafka().topics().dispatcherState(), index, changes -> {
                                activity.record(changes);
                                stream.publish(changes);
                            });
                    started.add("run index", follower, blocking(follower::close));
                    IndexGate gate = new IndexGate(vertx, follower);
                    RunListEndpoint list = new RunListEndpoint(vertx, index, gate);
                    started.add("run list", list, StartedInOrder.Stop.now(list::close));
                    HttpApi.Console console = new HttpApi.Console(
                            list, new RunStreamEndpoint(vertx, stream, gate), new ActivityEndpoint(activity, gate));
                    loop = new TransactionalLoop(
                                    consumerProperties(),
                                    producerProperties(),
                                    TransactionalLoop.Options.of(
                                            "dispatcher",
                                            List.of(
                                                    config.kafka().topics().requests(),
                                                    config.kafka().topics().results()),
                                            1000,
                                            config.kafka().commitInterval()),
                                    new DispatcherProcessor(
                                            config.kafka().topics(),
                                            partitions,
                                            book,
                                            views,
                                            state,
                                            config.runs().retention(),
                                            registry))
                            .start();
                    started.add("consuming loop", loop, () -> loop.stop(Duration.ofSeconds(10)));
                    LoopMetrics.bind(registry, "dispatcher", "dispatcher", () -> loop);
                    HttpApi api = new HttpApi(
                            vertx,
                            new HttpApi.Runs(
                                    views, new RunLookup(vertx, views, state, partitions, clock), validator, console),
                            new HttpApi.Outbound(publisher, config.kafka().topics(), source),
                            new HttpApi.Access(tokens, security.maxRequestBytes(), security.metricsAuth()),
                            new HttpApi.Status(catalog::get, this::health, registry, deadLetters(), cluster()));
                    return listen(api, security);
                })
                .recover(failure -> Future.fromCompletionStage(started.stopAll(), context)
                        .transform(stopped -> Future.failedFuture(failure)));
    }

    /** {@code GET /v1/dead-letters}: the dead-letter topic, read on request. */
    private DeadLetterEndpoint deadLetters() {
        DeadLetterEndpoint endpoint = new DeadLetterEndpoint(
                vertx,
                new DeadLetterReader(
                        clientProperties, config.kafka().topics(), config.secretParams(), Duration.ofSeconds(5)));
        started.add("dead-letter endpoint", endpoint, StartedInOrder.Stop.now(endpoint::close));
        return endpoint;
    }

    /** {@code GET /v1/cluster}: the dispatchers' and the workers' consumer groups. */
    private ClusterEndpoint cluster() {
        ClusterEndpoint endpoint = new ClusterEndpoint(
                vertx,
                new ClusterReader(
                        clientProperties,
                        List.of(
                                new ClusterReader.Group(
                                        "dispatcher", config.kafka().groupId()),
                                new ClusterReader.Group("worker", config.workerGroup())),
                        Duration.ofSeconds(5)));
        started.add("cluster endpoint", endpoint, blocking(endpoint::close));
        return endpoint;
    }

    private Properties consumerProperties() {
        Properties consumer =
                KafkaClients.consumer(clientProperties, config.kafka().groupId());
        // requests, results and state are co-partitioned by run id: partition p of each goes to one member
        consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        if (config.kafka().stableInstanceId()) {
            // a restart with the same instance id takes the partitions back at once
            consumer.put(
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    "hookstream-dispatcher-" + config.kafka().instanceId());
        }
        return consumer;
    }

    private Properties producerProperties() {
        Properties producer = KafkaClients.producer(clientProperties);
        if (config.kafka().stableInstanceId()) {
            // a restart with the same instance id aborts the dead process's open transaction at once
            producer.put(
                    "transactional.id",
                    "hookstream-dispatcher-" + config.kafka().instanceId());
        }
        return producer;
    }

    private Future<HttpServer> listen(HttpApi api, ApiSecurity security) {
        HttpServerOptions options = new HttpServerOptions();
        if (security.tls()) {
            options.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(security.tlsCert().toString())
                            .setKeyPath(security.tlsKey().toString()));
        }
        return vertx.createHttpServer(options)
                .requestHandler(api.router())
                .listen(config.http().port(), config.http().host())
                .recover(e -> Future.failedFuture(
                        security.tls()
                                ? new DispatcherException(
                                        "TLSConfigInvalid",
                                        "HTTPS could not start with --http-tls-cert " + security.tlsCert() + " and "
                                                + "--http-tls-key " + security.tlsKey() + ": " + e.getMessage()
                                                + "; give a "
                                                + "PEM certificate and its matching PEM private key",
                                        e)
                                : e))
                .onSuccess(listening -> {
                    server = listening;
                    // a short grace: keep-alive connections of HTTP clients would otherwise hold the close for 30 s
                    started.add(
                            "HTTP server",
                            listening,
                            () -> listening
                                    .shutdown(1, java.util.concurrent.TimeUnit.SECONDS)
                                    .toCompletionStage());
                });
    }

    /** A stop that blocks (closing a producer or a client), run on a worker thread. */
    private StartedInOrder.Stop blocking(Runnable close) {
        return () -> vertx.executeBlocking(() -> {
                    close.run();
                    return null;
                })
                .toCompletionStage();
    }

    /** The port the HTTP API listens on (useful when configured as 0). */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    public TransactionalLoop loop() {
        return loop;
    }

    /** Stops what started, in reverse order: HTTP server, loop, mirror, producer, tokens, templates. */
    @Override
    public Future<?> stop() {
        return Future.fromCompletionStage(started.stopAll(), context);
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        boolean consuming = loop != null && loop.isRunning();
        boolean assigned = loop != null && !loop.assignment().isEmpty();
        boolean producer = loop != null && loop.producerReady();
        java.util.Optional<LoopWatch.Failure> failure = loops.failure();
        health.put("status", consuming && failure.isEmpty() ? "UP" : "DOWN");
        boolean catalogReady = templates != null && templates.ready();
        health.put("ready", consuming && assigned && producer && catalogReady && failure.isEmpty());
        health.put("live", failure.isEmpty());
        failure.ifPresent(f -> health.put("failedLoop", f.describe()));
        health.put("producerReady", producer);
        health.put(
                "consumer",
                consuming
                        ? (assigned
                                ? "assigned " + loop.assignment().size() + " partitions"
                                : "running, waiting for partitions")
                        : "stopped");
        CatalogSnapshot snapshot = catalog.get();
        health.put("templates", snapshot == null ? 0 : snapshot.templates().size());
        health.put(
                "templateProblems", snapshot == null ? 0 : snapshot.problems().size());
        if (templates != null) {
            health.putAll(templates.health());
        }
        return health;
    }
}
