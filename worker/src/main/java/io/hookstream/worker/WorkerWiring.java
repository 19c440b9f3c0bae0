package io.hookstream.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.LoopMetrics;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.StartedInOrder;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.worker.executor.ExecutorOptions;
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
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts a worker in one place, in order: its Kubernetes client (when it decides on access and none is
 * given), the hook runner, topics, the cancel watch, the template check, the consumer verticles, the HTTP server.
 * Each step is recorded in a {@link StartedInOrder}: when a later step fails, what started is stopped in reverse
 * order and the start fails; the running {@link Worker} stops the same way.
 */
final class WorkerWiring {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerWiring.class);

    private WorkerWiring() {}

    static Future<Worker> start(
            Vertx vertx,
            WorkerConfig config,
            PrometheusMeterRegistry registry,
            KubernetesClient given,
            LoopWatch loops) {
        LOG.info("starting worker with {}", config.describe());
        StartedInOrder started = new StartedInOrder("worker");
        KubernetesClient kubernetes = given;
        String executors;
        if (given != null) {
            executors = "Operator, Pod, Function (API server " + given.getMasterUrl() + ")";
        } else {
            KubernetesAccess.Decision access = config.kubernetes().decide();
            if (access.enabled()) {
                KubernetesClient owned = new KubernetesClientBuilder().build(); // reads its configuration only
                kubernetes = started.add("Kubernetes client", owned, StartedInOrder.Stop.now(owned::close));
                executors = "Operator, Pod, Function (API server " + owned.getMasterUrl() + ", " + access.where() + ")";
            } else {
                executors = "Operator; Pod and Function off (no Kubernetes access, --kubernetes "
                        + config.kubernetes().configValue() + ")";
            }
        }
        LOG.info("executors: {}", executors);
        HookRunner runner = HookRunner.create(vertx, executorOptions(config), kubernetes);
        started.add("hook runner", runner, () -> runner.close().toCompletionStage());
        Properties client = KafkaClients.common(
                config.kafka().bootstrapServers(),
                config.kafka().properties(),
                "hookstream-worker-" + config.kafka().instanceId());
        Cancellations cancellations = new Cancellations(Cancellations.MEMORY, Clock.systemUTC());
        KubernetesClient cluster = kubernetes;
        List<WorkerVerticle> verticles = new ArrayList<>();
        String finalExecutors = executors;
        return vertx.<CancelWatch>executeBlocking(() -> {
                    TopicProvisioner.ensure(
                            client,
                            config.kafka().topics(),
                            config.kafka().topics().ofWorker(),
                            config.kafka().partitions(),
                            config.kafka().replicationFactor());
                    if (config.claims() != null) {
                        ClaimsTopicCheck.check(client, config.kafka().topics());
                    }
                    CancelWatch watch = new CancelWatch(
                                    client,
                                    config.kafka().topics().cancels(),
                                    Cancellations.MEMORY,
                                    config.hookSigning().verifier(Clock.systemUTC()),
                                    cancellations,
                                    Clock.systemUTC())
                            .start();
                    return started.add("cancel watch", watch, StartedInOrder.Stop.now(watch::close));
                })
                .compose(watch -> vertx.executeBlocking(() -> templateChecker(vertx, config, cluster, started))
                        .compose(checker -> deploy(
                                vertx, config, client, runner, registry, checker, cancellations, verticles, started))
                        .map(deployed -> {
                            for (int i = 0; i < verticles.size(); i++) {
                                loops.watch(
                                        "worker",
                                        "worker-" + i,
                                        verticles.get(i).loop());
                            }
                            loops.watch("worker", "cancel-watch", watch.failed());
                            return deployed;
                        }))
                .compose(deployed -> config.http().port() < 0
                        ? Future.<HttpServer>succeededFuture(null)
                        : WorkerHttp.start(vertx, config, registry, () -> Worker.health(verticles, loops), loops)
                                .map(server -> started.add(
                                        "HTTP server",
                                        server,
                                        () -> server.shutdown(1, TimeUnit.SECONDS)
                                                .toCompletionStage())))
                .map(http -> new Worker(verticles, http, finalExecutors, loops, started))
                .recover(failure -> Future.fromCompletionStage(started.stopAll())
                        .transform(stopped -> Future.<Worker>failedFuture(failure)))
                .onSuccess(w -> LOG.info(
                        "worker ready: {} consumers in group {} on {}{}",
                        config.execution().instances(),
                        config.kafka().groupId(),
                        config.kafka().topics().allHooks(),
                        w.httpPort() < 0 ? "" : "; /metrics and /health/ready on port " + w.httpPort()));
    }

    private static ExecutorOptions executorOptions(WorkerConfig config) {
        ExecutorOptions defaults = ExecutorOptions.defaults();
        Duration backoff = config.execution().retryBackoff();
        Duration backoffMax = defaults.retryBackoffMax().compareTo(backoff) > 0 ? defaults.retryBackoffMax() : backoff;
        return new ExecutorOptions(
                config.execution().execPoolSize(),
                defaults.maxOutputBytes(),
                backoff,
                backoffMax,
                defaults.killGracePeriod(),
                config.limits());
    }

    /** Deploys the consumer verticles; those deployed are recorded (one step: they stop together). */
    private static Future<List<String>> deploy(
            Vertx vertx,
            WorkerConfig config,
            Properties client,
            HookRunner runner,
            PrometheusMeterRegistry registry,
            TemplateChecker checker,
            Cancellations cancellations,
            List<WorkerVerticle> verticles,
            StartedInOrder started) {
        WorkerMetrics metrics = new WorkerMetrics(registry);
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < config.execution().instances(); i++) {
            WorkerVerticle verticle = new WorkerVerticle(config, client, runner, i, metrics, checker, cancellations);
            verticles.add(verticle);
            LoopMetrics.bind(registry, "worker", "worker-" + i, verticle::loop);
            deployed.add(vertx.deployVerticle(verticle));
        }
        // join, not all: every deployment has finished (and is recorded) before a failure stops them
        return Future.join(deployed).transform(all -> {
            List<String> ids = deployed.stream()
                    .filter(Future::succeeded)
                    .map(Future::result)
                    .toList();
            started.add(
                    "consumers",
                    ids,
                    () -> Future.join(ids.stream().map(vertx::undeploy).toList())
                            .toCompletionStage());
            return all.succeeded() ? Future.succeededFuture(ids) : Future.failedFuture(all.cause());
        });
    }

    /**
     * The check of hook events against their templates, or null when {@code template-check} finds no source.
     * Blocking (a files source loads its directory): call off the event loop.
     */
    private static TemplateChecker templateChecker(
            Vertx vertx, WorkerConfig config, KubernetesClient cluster, StartedInOrder started) {
        TemplateCheck check = config.templateCheck();
        if (check.source() == TemplateCheck.Source.OFF) {
            LOG.warn("hook events are not checked against their HookTemplates (no --templates and no"
                    + " --template-source kubernetes): only their signature protects what runs");
            return null;
        }
        if (check.source() == TemplateCheck.Source.KUBERNETES && cluster == null) {
            throw new WorkerException(
                    "NoKubernetesAccess",
                    "--template-source kubernetes: the worker checks hook"
                            + " events against the cluster's HookTemplates but has no Kubernetes access (--kubernetes "
                            + config.kubernetes().configValue()
                            + "); run it in the cluster, give it a kubeconfig, or set"
                            + " --template-check off",
                    null);
        }
        WorkerExecutor pool = vertx.createSharedWorkerExecutor(TemplateChecker.POOL_NAME, 4);
        TemplateLookup lookup = check.source() == TemplateCheck.Source.FILES
                ? new FileTemplateLookup(vertx, check.templatesDir(), check.reloadInterval(), pool)
                : new ClusterTemplateLookup(cluster);
        TemplateChecker checker = new TemplateChecker(lookup, pool);
        return started.add("template check", checker, StartedInOrder.Stop.now(checker::close));
    }
}
