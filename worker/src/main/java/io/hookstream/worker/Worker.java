package io.hookstream.worker;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.LoopMetrics;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.worker.executor.ExecutorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.internal.CancelWatch;
import io.hookstream.worker.internal.Cancellations;
import io.hookstream.worker.internal.ClaimsTopicCheck;
import io.hookstream.worker.internal.WorkerHttp;
import io.hookstream.worker.internal.WorkerMetrics;
import io.hookstream.worker.internal.WorkerVerticle;
import io.hookstream.worker.internal.templates.ClusterTemplateLookup;
import io.hookstream.worker.internal.templates.FileTemplateLookup;
import io.hookstream.worker.internal.templates.TemplateChecker;
import io.hookstream.worker.internal.templates.TemplateLookup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import java.util.LinkedHashMap;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker process: {@code instances} consumer verticles in the workers' group sharing one
 * {@link HookRunner}. Start with {@link #start(Vertx, WorkerConfig)}; {@link #stop()} lets hooks in flight
 * finish (up to the shutdown timeout), commits and closes.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final Vertx vertx;
    private final HookRunner runner;
    private final List<String> deployments;
    private final List<WorkerVerticle> verticles;
    private HttpServer http;
    private KubernetesClient ownedClient;
    private String executors = "Operator";
    private TemplateChecker checker;
    private LoopWatch loops;
    private CancelWatch cancelWatch;

    private Worker(Vertx vertx, HookRunner runner, List<String> deployments, List<WorkerVerticle> verticles) {
        this.vertx = vertx;
        this.runner = runner;
        this.deployments = deployments;
        this.verticles = verticles;
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
     * executors (not closed by the worker). With a null client the worker builds its own from the in-cluster or
     * kubeconfig configuration when {@code --kubernetes} says so, and closes it on stop.
     */
    public static Future<Worker> start(Vertx vertx, WorkerConfig config, PrometheusMeterRegistry registry,
                                       KubernetesClient kubernetes) {
        return start(vertx, config, registry, kubernetes, new LoopWatch(registry));
    }

    /**
     * As {@link #start(Vertx, WorkerConfig, PrometheusMeterRegistry, KubernetesClient)}, with the process's
     * {@link LoopWatch}: the worker's consumers are watched there, and its health endpoints fail once any loop
     * watched there died (the standalone shares one between its dispatcher and workers).
     */
    public static Future<Worker> start(Vertx vertx, WorkerConfig config, PrometheusMeterRegistry registry,
                                       KubernetesClient kubernetes, LoopWatch loops) {
        LOG.info("starting worker with {}", config.describe());
        KubernetesClient owned = null;
        KubernetesClient k8s = kubernetes;
        if (k8s == null && config.kubernetes().enabled(System.getenv(),
                Path.of(System.getProperty("user.home", "/")))) {
            owned = new KubernetesClientBuilder().build(); // reads its configuration only; no API call yet
            k8s = owned;
        }
        String executors = k8s == null
                ? "Operator; Pod and Function off (no Kubernetes access, --kubernetes " + config.kubernetes().configValue() + ")"
                : "Operator, Pod, Function (API server " + k8s.getMasterUrl() + (owned == null ? "" : ", "
                        + KubernetesAccess.where(System.getenv(), Path.of(System.getProperty("user.home", "/")))
                        .orElse("--kubernetes true")) + ")";
        LOG.info("executors: {}", executors);
        KubernetesClient ownedClient = owned;
        Properties client = KafkaClients.common(config.kafka().bootstrapServers(), config.kafka().properties(),
                "hookstream-worker-" + config.kafka().instanceId());
        ExecutorOptions defaults = ExecutorOptions.defaults();
        Duration backoffMax = defaults.retryBackoffMax().compareTo(config.execution().retryBackoff()) > 0
                ? defaults.retryBackoffMax() : config.execution().retryBackoff();
        ExecutorOptions options = new ExecutorOptions(config.execution().execPoolSize(), defaults.maxOutputBytes(),
                config.execution().retryBackoff(), backoffMax, defaults.killGracePeriod(), config.limits());
        HookRunner runner = HookRunner.create(vertx, options, k8s);
        List<WorkerVerticle> verticles = new ArrayList<>();
        WorkerMetrics metrics = new WorkerMetrics(registry);
        KubernetesClient cluster = k8s;
        Cancellations cancellations = new Cancellations(Cancellations.MEMORY, java.time.Clock.systemUTC());
        CancelWatch[] cancelWatch = new CancelWatch[1];
        return vertx.executeBlocking(() -> {
                    TopicProvisioner.ensure(client, config.kafka().topics(), config.kafka().topics().ofWorker(), config.kafka().partitions(),
                            config.kafka().replicationFactor());
                    if (config.claims() != null) {
                        ClaimsTopicCheck.check(client, config.kafka().topics());
                    }
                    cancelWatch[0] = new CancelWatch(client, config.kafka().topics().cancels(), Cancellations.MEMORY,
                            config.hookSigning().verifier(java.time.Clock.systemUTC()), cancellations,
                            java.time.Clock.systemUTC()).start();
                    return templateChecker(vertx, config, cluster);
                })
                .compose(checker -> {
                    List<Future<String>> deployed = new ArrayList<>();
                    for (int i = 0; i < config.execution().instances(); i++) {
                        WorkerVerticle verticle = new WorkerVerticle(config, client, runner, i, metrics, checker,
                                cancellations);
                        verticles.add(verticle);
                        LoopMetrics.bind(registry, "worker", "worker-" + i, verticle::loop);
                        deployed.add(vertx.deployVerticle(verticle));
                    }
                    return Future.all(deployed).compose(all -> {
                        List<String> ids = new ArrayList<>();
                        deployed.forEach(f -> ids.add(f.result()));
                        Worker worker = new Worker(vertx, runner, ids, verticles);
                        for (int i = 0; i < verticles.size(); i++) {
                            loops.watch("worker", "worker-" + i, verticles.get(i).loop());
                        }
                        loops.watch("worker", "cancel-watch", cancelWatch[0].failed());
                        worker.loops = loops;
                        worker.cancelWatch = cancelWatch[0];
                        worker.ownedClient = ownedClient;
                        worker.checker = checker;
                        worker.executors = executors;
                        return config.http().port() < 0 ? Future.succeededFuture(worker)
                                : WorkerHttp.start(vertx, config, registry, worker::health, loops).map(server -> {
                                    worker.http = server;
                                    return worker;
                                });
                    });
                })
                .onFailure(e -> {
                    if (cancelWatch[0] != null) {
                        cancelWatch[0].close();
                    }
                    if (ownedClient != null) {
                        ownedClient.close();
                    }
                })
                .onSuccess(w -> LOG.info("worker ready: {} consumers in group {} on {}{}", config.execution().instances(),
                        config.kafka().groupId(), config.kafka().topics().allHooks(), w.http == null ? ""
                                : "; /metrics and /health/ready on port " + w.http.actualPort()));
    }

    /**
     * The check of hook events against their templates, or null when {@code template-check} finds no source.
     * Blocking (a files source loads its directory): call off the event loop.
     */
    private static TemplateChecker templateChecker(Vertx vertx, WorkerConfig config, KubernetesClient cluster) {
        TemplateCheck check = config.templateCheck();
        if (check.source() == TemplateCheck.Source.OFF) {
            LOG.warn("hook events are not checked against their HookTemplates (no --templates and no"
                    + " --template-source kubernetes): only their signature protects what runs");
            return null;
        }
        if (check.source() == TemplateCheck.Source.KUBERNETES && cluster == null) {
            throw new WorkerException("NoKubernetesAccess", "--template-source kubernetes: the worker checks hook"
                    + " events against the cluster's HookTemplates but has no Kubernetes access (--kubernetes "
                    + config.kubernetes().configValue() + "); run it in the cluster, give it a kubeconfig, or set"
                    + " --template-check off", null);
        }
        WorkerExecutor pool = vertx.createSharedWorkerExecutor(TemplateChecker.POOL_NAME, 4);
        TemplateLookup lookup = check.source() == TemplateCheck.Source.FILES
                ? new FileTemplateLookup(vertx, check.templatesDir(), check.reloadInterval(), pool)
                : new ClusterTemplateLookup(cluster);
        return new TemplateChecker(lookup, pool);
    }

    /** True once every consumer of this process has been assigned partitions (needs as many partitions). */
    public boolean allAssigned() {
        return verticles.stream().allMatch(v -> v.loop() != null && !v.loop().assignment().isEmpty());
    }

    public int inFlight() {
        return verticles.stream().mapToInt(v -> v.loop() == null ? 0 : v.loop().inFlight()).sum();
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

    /**
     * Ready when every consumer has partitions and its transactional producer works, and no loop of the process
     * died.
     */
    Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        boolean running = verticles.stream().allMatch(v -> v.loop() != null && v.loop().isRunning());
        boolean producers = verticles.stream().allMatch(v -> v.loop() != null && v.loop().producerReady());
        boolean assigned = allAssigned();
        java.util.Optional<LoopWatch.Failure> failure = loops.failure();
        health.put("status", running && producers && assigned && failure.isEmpty() ? "UP" : "DOWN");
        failure.ifPresent(f -> health.put("failedLoop", f.describe()));
        health.put("consumers", verticles.size());
        health.put("running", running);
        health.put("assigned", assigned);
        health.put("producersReady", producers);
        health.put("inFlight", inFlight());
        return health;
    }

    public Future<Void> stop() {
        Future<Void> httpClosed = http == null ? Future.succeededFuture()
                : http.shutdown(1, java.util.concurrent.TimeUnit.SECONDS);
        List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
        return httpClosed.compose(h -> Future.join(undeployed)).compose(v -> runner.close()).onComplete(done -> {
            if (cancelWatch != null) {
                cancelWatch.close();
            }
            if (checker != null) {
                checker.close();
            }
            if (ownedClient != null) {
                ownedClient.close();
            }
        });
    }
}
