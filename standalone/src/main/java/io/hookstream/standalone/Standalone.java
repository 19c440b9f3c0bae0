package io.hookstream.standalone;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.StartedInOrder;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything in one process: an embedded KRaft broker (unless an existing cluster is named), a dispatcher and
 * workers on one Vert.x instance. {@link #close()} stops them in reverse order.
 */
public final class Standalone implements AutoCloseable {

    /** What to start. {@code bootstrapServers} null means: start the embedded broker on {@code kafkaPort}. */
    public record Options(
            String bootstrapServers, int kafkaPort, Path dataDir, DispatcherConfig dispatcher, WorkerConfig worker) {}

    private final EmbeddedKafkaBroker broker;
    private final Dispatcher dispatcher;
    private final Worker worker;
    private final String bootstrapServers;
    private final StartedInOrder started;

    private Standalone(
            EmbeddedKafkaBroker broker,
            Dispatcher dispatcher,
            Worker worker,
            String bootstrapServers,
            StartedInOrder started) {
        this.broker = broker;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.bootstrapServers = bootstrapServers;
        this.started = started;
    }

    /**
     * Starts, in order: the embedded broker (unless an existing cluster is named), Vert.x, the process's one
     * Kubernetes client (when the dispatcher or the workers decide on access, {@link KubernetesAccess}), the
     * dispatcher, the workers. When a step fails, what started is stopped in reverse order.
     */
    public static Standalone start(Options options) throws Exception {
        StartedInOrder started = new StartedInOrder("standalone");
        try {
            EmbeddedKafkaBroker broker = null;
            String servers = options.bootstrapServers();
            if (servers == null) {
                // after a SIGKILL the restarted node cannot register until the dead one's broker session expires:
                // 3 s instead of Kafka's 9 s (it heartbeats its own in-process controller)
                broker = EmbeddedKafkaBroker.builder()
                        .port(options.kafkaPort())
                        .dataDir(options.dataDir())
                        .brokerProperty("broker.session.timeout.ms", "3000")
                        .brokerProperty("broker.heartbeat.interval.ms", "750")
                        .deleteDataOnClose(false)
                        .build()
                        .start();
                started.add("embedded broker", broker, StartedInOrder.Stop.now(broker::close));
                servers = broker.bootstrapServers();
            }
            // each stop awaited from the closing thread: a listener on vertx.close() may never run on a closing
            // event loop
            Vertx vertx = Vertx.vertx();
            started.add("Vert.x", vertx, awaited(vertx::close, 30));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // one watch for the process: a dead worker loop fails the dispatcher's /health/live too, and vice versa
            LoopWatch loops = new LoopWatch(registry);
            // one Kubernetes client per process, shared by the dispatcher's template informers, its HookRun mirror
            // and the executors
            KubernetesClient kubernetes = null;
            if (options.dispatcher()
                    .kubernetes()
                    .or(options.worker().kubernetes())
                    .decide()
                    .enabled()) {
                KubernetesClient client = new KubernetesClientBuilder().build();
                kubernetes = started.add("Kubernetes client", client, StartedInOrder.Stop.now(client::close));
            }
            Dispatcher dispatcher = Dispatcher.start(
                            vertx, options.dispatcher().withBootstrapServers(servers), registry, kubernetes, loops)
                    .await(90, TimeUnit.SECONDS);
            started.add("dispatcher", dispatcher, awaited(dispatcher::stop, 30));
            Worker worker = Worker.start(
                            vertx, options.worker().withBootstrapServers(servers), registry, kubernetes, loops)
                    .await(90, TimeUnit.SECONDS);
            started.add("workers", worker, awaited(worker::stop, 60));
            return new Standalone(broker, dispatcher, worker, servers, started);
        } catch (Exception e) {
            started.stopAll().toCompletableFuture().get(3, TimeUnit.MINUTES);
            throw e;
        }
    }

    /** A stop of a Vert.x future awaited on the stopping thread, up to {@code seconds}. */
    private static StartedInOrder.Stop awaited(Supplier<Future<?>> stop, int seconds) {
        return () -> {
            stop.get().await(seconds, TimeUnit.SECONDS);
            return CompletableFuture.completedFuture(null);
        };
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return broker != null;
    }

    public Path dataDir() {
        return broker == null ? null : broker.dataDir();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Worker worker() {
        return worker;
    }

    /** The loops of this process (dispatcher and workers): whether one of them died. */
    public LoopWatch loops() {
        return dispatcher.loops();
    }

    /** Stops the workers, the dispatcher, the Kubernetes client, Vert.x and the broker, in this order. */
    @Override
    public void close() throws Exception {
        started.stopAll().toCompletableFuture().get(3, TimeUnit.MINUTES);
    }
}
