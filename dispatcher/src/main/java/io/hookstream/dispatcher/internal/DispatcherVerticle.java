package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.LoopMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: a {@link TransactionalLoop} over requests and results whose {@link DispatcherProcessor} owns the
 * runs of its partitions, the HTTP API on this verticle's event loop, and the template directory reloaded on a
 * timer. Blocking work (loading files, reading the state topic) runs on worker threads.
 */
public final class DispatcherVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherVerticle.class);

    private final DispatcherConfig config;
    private final Properties clientProperties;
    private final int partitions;
    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private EventPublisher publisher;
    private TransactionalLoop loop;
    private HttpServer server;
    private TemplateDirectory templates;

    private final PrometheusMeterRegistry registry;

    /** @param partitions the partition count shared by the requests, results and state topics */
    public DispatcherVerticle(DispatcherConfig config, Properties clientProperties, int partitions,
                              PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.config = config;
        this.clientProperties = clientProperties;
        this.partitions = partitions;
    }

    @Override
    public Future<?> start() {
        templates = new TemplateDirectory(config.templatesDir());
        return vertx.executeBlocking(() -> {
            CatalogSnapshot snapshot = templates.load();
            catalog.set(snapshot);
            LOG.info("loaded {} HookTemplates and {} Namespaces from {}{}", snapshot.templates().size(),
                    snapshot.namespaceLabels().size(), config.templatesDir().toAbsolutePath().normalize(),
                    snapshot.problems().isEmpty() ? "" : " (" + snapshot.problems().size() + " problems)");
            publisher = EventPublisher.create(KafkaClients.producer(clientProperties), "dispatcher-http");
            return snapshot;
        }).compose(snapshot -> {
            String source = "/hookstream/dispatcher/" + config.instanceId();
            RequestValidator validator = new RequestValidator(config);
            RunBook book = new RunBook(new OutboundEvents(config.topics(), source), validator, catalog::get,
                    config.runRetention());
            RunViews views = new RunViews();
            StateTopicReader state = new StateTopicReader(clientProperties, config.topics().dispatcherState());
            Properties consumer = KafkaClients.consumer(clientProperties, config.groupId());
            // requests, results and state are co-partitioned by run id: partition p of each goes to one member
            consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            loop = new TransactionalLoop(consumer, KafkaClients.producer(clientProperties),
                    TransactionalLoop.Options.of("dispatcher", List.of(config.topics().requests(),
                            config.topics().results()), 1000, config.commitInterval()),
                    new DispatcherProcessor(config.topics(), partitions, book, views, state, config.runRetention(),
                            registry)).start();
            LoopMetrics.bind(registry, "dispatcher", "dispatcher", () -> loop);
            vertx.setPeriodic(config.templatesReloadInterval().toMillis(), id -> reloadTemplates());
            HttpApi api = new HttpApi(vertx, views, new RunLookup(vertx, views, state, partitions), validator,
                    publisher, config.topics(), catalog::get, this::health, registry);
            return vertx.createHttpServer().requestHandler(api.router())
                    .listen(config.httpPort(), config.httpHost());
        }).onSuccess(s -> server = s);
    }

    /** The port the HTTP API listens on (useful when configured as 0). */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    public TransactionalLoop loop() {
        return loop;
    }

    @Override
    public Future<?> stop() {
        // a short grace: keep-alive connections of HTTP clients would otherwise hold the close for 30 s
        Future<?> httpClosed = server == null ? Future.succeededFuture()
                : server.shutdown(1, java.util.concurrent.TimeUnit.SECONDS);
        return httpClosed.compose(v -> loop == null ? Future.succeededFuture()
                : Future.fromCompletionStage(loop.stop(Duration.ofSeconds(10)), context))
                .compose(v -> vertx.executeBlocking(() -> {
                    if (publisher != null) {
                        publisher.close(Duration.ofSeconds(10));
                    }
                    return null;
                }));
    }

    private void reloadTemplates() {
        vertx.executeBlocking(() -> templates.reloadIfChanged(catalog.get()), false).onSuccess(snapshot -> {
            if (snapshot != catalog.get()) {
                catalog.set(snapshot);
                LOG.info("templates reloaded: {} HookTemplates, {} Namespaces, {} problems",
                        snapshot.templates().size(), snapshot.namespaceLabels().size(), snapshot.problems().size());
            }
        }).onFailure(e -> LOG.warn("reloading templates from {} failed: {}", config.templatesDir(), e.toString()));
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        boolean consuming = loop != null && loop.isRunning();
        boolean assigned = loop != null && !loop.assignment().isEmpty();
        boolean producer = loop != null && loop.producerReady();
        health.put("status", consuming ? "UP" : "DOWN");
        health.put("ready", consuming && assigned && producer);
        health.put("producerReady", producer);
        health.put("consumer", consuming ? (assigned ? "assigned " + loop.assignment().size() + " partitions"
                : "running, waiting for partitions") : "stopped");
        CatalogSnapshot snapshot = catalog.get();
        health.put("templates", snapshot == null ? 0 : snapshot.templates().size());
        health.put("templateProblems", snapshot == null ? 0 : snapshot.problems().size());
        return health;
    }
}
