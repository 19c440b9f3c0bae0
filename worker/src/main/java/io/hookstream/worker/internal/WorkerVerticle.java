package io.hookstream.worker.internal;

import io.hookstream.kafka.ConsumerLoop;
import io.hookstream.kafka.DeadLetterPublisher;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.worker.WorkerConfig;
import io.hookstream.worker.executor.HookRunner;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Properties;

/**
 * One consumer of the hook topics in the workers' group: its own Kafka consumer (on its own thread) and
 * producer; hooks execute through the shared {@link HookRunner} on this verticle's context.
 */
public final class WorkerVerticle extends VerticleBase {

    private final WorkerConfig config;
    private final Properties clientProperties;
    private final HookRunner runner;
    private final int index;
    private EventPublisher publisher;
    private ConsumerLoop consumer;

    public WorkerVerticle(WorkerConfig config, Properties clientProperties, HookRunner runner, int index) {
        this.config = config;
        this.clientProperties = clientProperties;
        this.runner = runner;
        this.index = index;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            Properties producer = KafkaClients.producer(clientProperties);
            producer.put("client.id", clientProperties.getProperty("client.id") + "-" + index);
            publisher = EventPublisher.create(producer, "worker-" + index);
            String source = "/hookstream/worker/" + config.instanceId() + "/" + index;
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(publisher, config.topics().dlq(), "worker");
            Properties consumerProps = KafkaClients.consumer(clientProperties, config.groupId());
            consumerProps.put("client.id", clientProperties.getProperty("client.id") + "-" + index);
            consumer = new ConsumerLoop(consumerProps,
                    ConsumerLoop.Options.of("worker-" + index, config.topics().allHooks(),
                            config.maxInFlightPerInstance()),
                    new HookEventProcessor(context, runner, publisher, deadLetters, config.topics(), source)).start();
            return null;
        });
    }

    public ConsumerLoop consumer() {
        return consumer;
    }

    @Override
    public Future<?> stop() {
        Future<?> drained = consumer == null ? Future.succeededFuture()
                : Future.fromCompletionStage(consumer.stop(config.shutdownTimeout()), context);
        return drained.compose(v -> vertx.executeBlocking(() -> {
            if (publisher != null) {
                publisher.close();
            }
            return null;
        }));
    }
}
