package io.hookstream.standalone;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.TemplateSource;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Everything in one process: an embedded KRaft broker (unless an existing cluster is named), a dispatcher and
 * workers on one Vert.x instance. {@link #close()} stops them in reverse order.
 */
public final class Standalone implements AutoCloseable {

    /** What to start. {@code bootstrapServers} null means: start the embedded broker on {@code kafkaPort}. */
    public record Options(String bootstrapServers, int kafkaPort, Path dataDir, DispatcherConfig dispatcher,
                          WorkerConfig worker) {
    }

    private final EmbeddedKafkaBroker broker;
    private KubernetesClient kubernetes;
    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Worker worker;
    private final String bootstrapServers;

    private Standalone(EmbeddedKafkaBroker broker, Vertx vertx, Dispatcher dispatcher, Worker worker,
                       String bootstrapServers) {
        this.broker = broker;
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.bootstrapServers = bootstrapServers;
    }

    public static Standalone start(Options options) throws Exception {
        EmbeddedKafkaBroker broker = null;
        String servers = options.bootstrapServers();
        if (servers == null) {
            // after a SIGKILL the restarted node cannot register until the dead one's broker session expires:
            // 3 s instead of Kafka's 9 s (it heartbeats its own in-process controller)
            broker = EmbeddedKafkaBroker.builder().port(options.kafkaPort()).dataDir(options.dataDir())
                    .brokerProperty("broker.session.timeout.ms", "3000")
                    .brokerProperty("broker.heartbeat.interval.ms", "750")
                    .deleteDataOnClose(false).build().start();
            servers = broker.bootstrapServers();
        }
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // one watch for the process: a dead worker loop fails the dispatcher's /health/live too, and vice versa
        LoopWatch loops = new LoopWatch(registry);
        // one Kubernetes client per process, shared by the dispatcher's template informers and the executors
        KubernetesClient kubernetes = needsKubernetes(options) ? new KubernetesClientBuilder().build() : null;
        try {
            Dispatcher dispatcher = Dispatcher.start(vertx, options.dispatcher().withBootstrapServers(servers),
                    registry, kubernetes, loops).await(90, TimeUnit.SECONDS);
            Worker worker = Worker.start(vertx, options.worker().withBootstrapServers(servers), registry, kubernetes,
                    loops).await(90, TimeUnit.SECONDS);
            Standalone standalone = new Standalone(broker, vertx, dispatcher, worker, servers);
            standalone.kubernetes = kubernetes;
            return standalone;
        } catch (Exception e) {
            if (kubernetes != null) {
                kubernetes.close();
            }
            vertx.close();
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static boolean needsKubernetes(Options options) {
        return options.dispatcher().templates().source() == TemplateSource.KUBERNETES
                || options.worker().kubernetes().enabled(System.getenv(), Path.of(System.getProperty("user.home", "/")));
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

    @Override
    public void close() throws Exception {
        try {
            // each step awaited from this thread: a listener on vertx.close() may never run on a closing event loop
            worker.stop().await(60, TimeUnit.SECONDS);
            dispatcher.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        } finally {
            if (kubernetes != null) {
                kubernetes.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }
}
