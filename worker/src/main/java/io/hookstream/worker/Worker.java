package io.hookstream.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.StartedInOrder;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.internal.WorkerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running worker process: {@code instances} consumer verticles in the workers' group sharing one
 * {@link HookRunner}. Start with {@link #start(Vertx, WorkerConfig)} (built and started by {@link WorkerWiring});
 * {@link #stop()} stops what started in reverse order: the HTTP server, the consumers (hooks in flight finish up to
 * the shutdown timeout, then they commit), the template check, the cancel watch, the runner, an own Kubernetes
 * client.
 */
public final class Worker {

    private final List<WorkerVerticle> verticles;
    private final HttpServer http;
    private final String executors;
    private final LoopWatch loops;
    private final StartedInOrder started;

    Worker(List<WorkerVerticle> verticles, HttpServer http, String executors, LoopWatch loops, StartedInOrder started) {
        this.verticles = List.copyOf(verticles);
        this.http = http;
        this.executors = executors;
        this.loops = loops;
        this.started = started;
    }

    public static Future<Worker> start(Vertx vertx, WorkerConfig config) {
        return start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Starts with meters in {@code registry} (shared with the dispatcher in standalone mode). */
    public static Future<Worker> start(Vertx vertx, WorkerConfig config, PrometheusMeterRegistry registry) {
        return start(vertx, config, registry, null);
    }

    /**
     * Starts with meters in {@code registry} and the process's one Kubernetes client for the Pod and Function
     * executors (not closed by the worker). With a null client the worker builds its own when its
     * {@code --kubernetes} setting decides on access ({@link io.hookstream.kafka.KubernetesAccess}), and closes it
     * on stop.
     */
    public static Future<Worker> start(
            Vertx vertx, WorkerConfig config, PrometheusMeterRegistry registry, KubernetesClient kubernetes) {
        return start(vertx, config, registry, kubernetes, new LoopWatch(registry));
    }

    /**
     * As {@link #start(Vertx, WorkerConfig, PrometheusMeterRegistry, KubernetesClient)}, with the process's
     * {@link LoopWatch}: the worker's consumers are watched there, and its health endpoints fail once any loop
     * watched there died (the standalone shares one between its dispatcher and workers).
     */
    public static Future<Worker> start(
            Vertx vertx,
            WorkerConfig config,
            PrometheusMeterRegistry registry,
            KubernetesClient kubernetes,
            LoopWatch loops) {
        return WorkerWiring.start(vertx, config, registry, kubernetes, loops);
    }

    /** True once every consumer of this process has been assigned partitions (needs as many partitions). */
    public boolean allAssigned() {
        return allAssigned(verticles);
    }

    public int inFlight() {
        return verticles.stream()
                .mapToInt(v -> v.loop() == null ? 0 : v.loop().inFlight())
                .sum();
    }

    /** Which executors run here, for the start-up banner: Operator always; Pod and Function with Kubernetes access. */
    public String executors() {
        return executors;
    }

    /** The port of the worker's /metrics and /health endpoints, or -1 when it has none. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** The process's loops: whether one of them died ({@link LoopWatch#failed()}). */
    public LoopWatch loops() {
        return loops;
    }

    Map<String, Object> health() {
        return health(verticles, loops);
    }

    /**
     * Ready when every consumer has partitions and its transactional producer works, and no loop of the process
     * died.
     */
    static Map<String, Object> health(List<WorkerVerticle> verticles, LoopWatch loops) {
        Map<String, Object> health = new LinkedHashMap<>();
        boolean running =
                verticles.stream().allMatch(v -> v.loop() != null && v.loop().isRunning());
        boolean producers =
                verticles.stream().allMatch(v -> v.loop() != null && v.loop().producerReady());
        boolean assigned = allAssigned(verticles);
        Optional<LoopWatch.Failure> failure = loops.failure();
        health.put("status", running && producers && assigned && failure.isEmpty() ? "UP" : "DOWN");
        failure.ifPresent(f -> health.put("failedLoop", f.describe()));
        health.put("consumers", verticles.size());
        health.put("running", running);
        health.put("assigned", assigned);
        health.put("producersReady", producers);
        health.put(
                "inFlight",
                verticles.stream()
                        .mapToInt(v -> v.loop() == null ? 0 : v.loop().inFlight())
                        .sum());
        return health;
    }

    private static boolean allAssigned(List<WorkerVerticle> verticles) {
        return verticles.stream()
                .allMatch(v -> v.loop() != null && !v.loop().assignment().isEmpty());
    }

    /** Stops everything the worker started, in reverse order; completes once all are stopped. */
    public Future<Void> stop() {
        return Future.fromCompletionStage(started.stopAll());
    }
}
