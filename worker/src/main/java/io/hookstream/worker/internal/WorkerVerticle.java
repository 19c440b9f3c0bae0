package io.hookstream.worker.internal;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.worker.WorkerConfig;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.internal.templates.TemplateChecker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Properties;

/**
 * One consumer of the hook topics in the workers' group: a {@link TransactionalLoop} (its own Kafka consumer and
 * transactional producer, on a thread of its own) that commits each hook's result together with the consumed
 * offset; hooks execute through the shared {@link HookRunner} on this verticle's context.
 */
public final class WorkerVerticle extends VerticleBase {

    private final WorkerConfig config;
    private final Properties clientProperties;
    private final HookRunner runner;
    private final int index;
    private final WorkerMetrics metrics;
    /** Null when hook events are not checked against templates. */
    private final TemplateChecker checker;

    private final Cancellations cancellations;
    private TransactionalLoop loop;

    public WorkerVerticle(
            WorkerConfig config,
            Properties clientProperties,
            HookRunner runner,
            int index,
            WorkerMetrics metrics,
            TemplateChecker checker,
            Cancellations cancellations) {
        this.cancellations = cancellations;
        this.checker = checker;
        this.metrics = metrics;
        this.config = config;
        this.clientProperties = clientProperties;
        this.runner = runner;
        this.index = index;
    }

    @Override
    public Future<?> start() {
        String clientId = clientProperties.getProperty("client.id") + "-" + index;
        Properties producer = KafkaClients.producer(clientProperties);
        producer.put("client.id", clientId);
        Properties consumer =
                KafkaClients.consumer(clientProperties, config.kafka().groupId());
        consumer.put("client.id", clientId);
        if (config.kafka().stableInstanceId()) {
            // a restart with the same instance id takes this consumer's partitions back at once, and aborts the
            // dead process's open transaction at once
            consumer.put(
                    "group.instance.id", "hookstream-worker-" + config.kafka().instanceId() + "-" + index);
            producer.put(
                    "transactional.id", "hookstream-worker-" + config.kafka().instanceId() + "-" + index);
        }
        String source = "/hookstream/worker/" + config.kafka().instanceId() + "/" + index;
        HookEventProcessor processor = new HookEventProcessor(
                context,
                runner,
                config.kafka().topics(),
                source,
                clientProperties,
                config.execution().dedupWindow(),
                metrics,
                config.secretParams(),
                config.hookSigning().verifier(java.time.Clock.systemUTC()),
                checker,
                cancellations);
        TransactionalLoop.Options options = TransactionalLoop.Options.of(
                        "worker-" + index,
                        config.kafka().topics().allHooks(),
                        config.maxInFlightPerInstance(),
                        config.kafka().commitInterval())
                .withClaims(config.claims());
        loop = new TransactionalLoop(consumer, producer, options, processor).start();
        return Future.succeededFuture();
    }

    public TransactionalLoop loop() {
        return loop;
    }

    @Override
    public Future<?> stop() {
        return loop == null
                ? Future.succeededFuture()
                : Future.fromCompletionStage(loop.stop(config.execution().shutdownTimeout()), context);
    }
}
