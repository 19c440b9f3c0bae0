package io.hookstream.worker;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.worker.executor.ExecutorOptions;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.internal.WorkerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

    private Worker(Vertx vertx, HookRunner runner, List<String> deployments, List<WorkerVerticle> verticles) {
        this.vertx = vertx;
        this.runner = runner;
        this.deployments = deployments;
        this.verticles = verticles;
    }

    public static Future<Worker> start(Vertx vertx, WorkerConfig config) {
        LOG.info("starting worker with {}", config.describe());
        Properties client = KafkaClients.common(config.bootstrapServers(), config.kafkaProperties(),
                "hookstream-worker-" + config.instanceId());
        ExecutorOptions defaults = ExecutorOptions.defaults();
        Duration backoffMax = defaults.retryBackoffMax().compareTo(config.retryBackoff()) > 0
                ? defaults.retryBackoffMax() : config.retryBackoff();
        ExecutorOptions options = new ExecutorOptions(config.execPoolSize(), defaults.maxOutputBytes(),
                config.retryBackoff(), backoffMax, defaults.killGracePeriod());
        HookRunner runner = HookRunner.create(vertx, options);
        List<WorkerVerticle> verticles = new ArrayList<>();
        return vertx.executeBlocking(() -> TopicProvisioner.ensure(client, config.topics().all(), config.topics().configs(), config.partitions(),
                        config.replicationFactor(), Duration.ofSeconds(60)))
                .compose(created -> {
                    List<Future<String>> deployed = new ArrayList<>();
                    for (int i = 0; i < config.instances(); i++) {
                        WorkerVerticle verticle = new WorkerVerticle(config, client, runner, i);
                        verticles.add(verticle);
                        deployed.add(vertx.deployVerticle(verticle));
                    }
                    return Future.all(deployed).map(all -> {
                        List<String> ids = new ArrayList<>();
                        deployed.forEach(f -> ids.add(f.result()));
                        return new Worker(vertx, runner, ids, verticles);
                    });
                })
                .onSuccess(w -> LOG.info("worker ready: {} consumers in group {} on {}", config.instances(),
                        config.groupId(), config.topics().allHooks()));
    }

    /** True once every consumer of this process has been assigned partitions (needs as many partitions). */
    public boolean allAssigned() {
        return verticles.stream().allMatch(v -> v.loop() != null && !v.loop().assignment().isEmpty());
    }

    public int inFlight() {
        return verticles.stream().mapToInt(v -> v.loop() == null ? 0 : v.loop().inFlight()).sum();
    }

    public Future<Void> stop() {
        List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
        return Future.join(undeployed).compose(v -> runner.close());
    }
}
