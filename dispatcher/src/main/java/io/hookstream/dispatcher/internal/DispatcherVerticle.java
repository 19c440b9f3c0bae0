package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConsumerLoop;
import io.hookstream.kafka.DeadLetterPublisher;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.KafkaClients;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher on one event loop: the run coordinator, the HTTP API, the consumer of requests and results,
 * and the template directory reloaded on a timer. Blocking work (loading files, Kafka admin) runs on worker
 * threads; the Kafka consumer has its own thread.
 */
public final class DispatcherVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherVerticle.class);

    private final DispatcherConfig config;
    private final Properties clientProperties;
    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private EventPublisher publisher;
    private ConsumerLoop consumer;
    private HttpServer server;
    private TemplateDirectory templates;
    private RunCoordinator coordinator;

    public DispatcherVerticle(DispatcherConfig config, Properties clientProperties) {
        this.config = config;
        this.clientProperties = clientProperties;
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
            publisher = EventPublisher.create(KafkaClients.producer(clientProperties), "dispatcher");
            return snapshot;
        }).compose(snapshot -> {
            String source = "/hookstream/dispatcher/" + config.instanceId();
            OutboundEvents out = new OutboundEvents(publisher, config.topics(), source);
            coordinator = new RunCoordinator(context, out, new RequestValidator(config), catalog::get,
                    config.runRetention());
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(publisher, config.topics().dlq(),
                    "dispatcher");
            consumer = new ConsumerLoop(KafkaClients.consumer(clientProperties, config.groupId()),
                    ConsumerLoop.Options.of("dispatcher", List.of(config.topics().requests(),
                            config.topics().results()), 1000),
                    new InboundProcessor(config.topics(), coordinator, deadLetters)).start();
            vertx.setPeriodic(config.templatesReloadInterval().toMillis(), id -> reloadTemplates());
            long sweepEvery = Math.max(1000, Math.min(60_000, config.runRetention().toMillis() / 10));
            vertx.setPeriodic(sweepEvery, id -> coordinator.sweep());
            HttpApi api = new HttpApi(coordinator, catalog::get, this::health);
            return vertx.createHttpServer().requestHandler(api.router(vertx))
                    .listen(config.httpPort(), config.httpHost());
        }).onSuccess(s -> server = s);
    }

    /** The port the HTTP API listens on (useful when configured as 0). */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    public ConsumerLoop consumer() {
        return consumer;
    }

    @Override
    public Future<?> stop() {
        Future<?> httpClosed = server == null ? Future.succeededFuture() : server.close();
        return httpClosed.compose(v -> consumer == null ? Future.succeededFuture()
                : Future.fromCompletionStage(consumer.stop(Duration.ofSeconds(10)), context))
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
        boolean consuming = consumer != null && consumer.isRunning();
        boolean assigned = consumer != null && !consumer.assignment().isEmpty();
        health.put("status", consuming ? "UP" : "DOWN");
        health.put("consumer", consuming ? (assigned ? "assigned " + consumer.assignment().size() + " partitions"
                : "running, waiting for partitions") : "stopped");
        CatalogSnapshot snapshot = catalog.get();
        health.put("templates", snapshot == null ? 0 : snapshot.templates().size());
        health.put("templateProblems", snapshot == null ? 0 : snapshot.problems().size());
        return health;
    }
}
