package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Submits a run as an orchestrator does, on the requests topic keyed by its run id (CloudEvents binary mode),
 * and waits by reading the runs and results topics with {@code read_committed}, keeping the records of its run.
 * When it is to wait, it takes the topics' end offsets when created, before anything is published, so an
 * outcome that comes fast is not missed. Cancels the same way: a {@link CancelRequest} on the requests topic.
 */
public final class KafkaRunTransport implements RunTransport {

    /** How long to wait for the brokers before saying they cannot be reached. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final TopicNames topics;
    private final Properties common;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** With {@code watch}, starts reading runs and results at their current end, ready for {@link #await}. */
    public KafkaRunTransport(String bootstrapServers, TopicNames topics, Properties common, boolean watch) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.common = common;
        this.consumer = watch ? watchFromEnd() : null;
    }

    private KafkaConsumer<byte[], byte[]> watchFromEnd() {
        Properties props = KafkaClients.consumer(common, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.runs(), topics.results())) {
                List<PartitionInfo> infos = created.partitionsFor(topic, CONNECT_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new CliException(
                            "TopicNotFound",
                            4,
                            "topic " + topic + " does not exist on "
                                    + bootstrapServers
                                    + "; start the dispatcher there first (it creates the topics), or "
                                    + "check --topic-prefix");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            created.assign(partitions);
            Map<TopicPartition, Long> ends = created.endOffsets(partitions, CONNECT_TIMEOUT);
            ends.forEach(created::seek);
            return created;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            created.close(Duration.ZERO);
            throw unreachable(e);
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public RunOutcome submit(RunRequest request) {
        publish(
                new ProducerRecord<>(
                        topics.requests(),
                        null,
                        request.runId().getBytes(StandardCharsets.UTF_8),
                        RunRequests.bytes(request),
                        CloudEvents.headers(CloudEventHeaders.TYPE_RUN_REQUESTED, source(), null, request.runId())),
                "the run request",
                "retry with the same --run-id " + request.runId());
        return null;
    }

    /**
     * Reads the run's partition of the runs topic back to {@code since}: an outcome there means the run finished
     * (nothing is published); else publishes the cancel on the requests topic keyed by the run id, with
     * {@code ce_type} {@value CloudEventHeaders#TYPE_RUN_CANCEL_REQUESTED}, as an orchestrator does.
     */
    @Override
    public CancelAnswer cancel(CancelRequest cancel, Since since) {
        String runId = cancel.runId();
        RunLookup.Found found = lookUp(runId, since);
        if (found.outcome() != null) {
            RunOutcome outcome = found.outcome();
            return new CancelAnswer(
                    runId,
                    CancelAnswer.Kind.NotNeeded,
                    outcome,
                    "run " + runId + " already finished "
                            + outcome.status()
                            + (outcome.finishedAt() == null ? "" : " at " + Durations.time(outcome.finishedAt()))
                            + ": nothing to cancel");
        }
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(cancel);
        } catch (IOException e) {
            throw new CliException("OutputFailed", 1, "cannot write the cancel: " + e.getMessage());
        }
        publish(
                new ProducerRecord<>(
                        topics.requests(),
                        null,
                        runId.getBytes(StandardCharsets.UTF_8),
                        value,
                        CloudEvents.headers(
                                CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED,
                                source(),
                                EventIds.cancelRequest(runId),
                                runId)),
                "the cancel",
                "retry: a repeated cancel is one cancel");
        String seen = found.results().isEmpty()
                ? "no hook of it has finished " + since.describe() + ": if it runs its first hook, that hook is"
                        + " stopped; if no such run was submitted, the dispatcher keeps the cancel for its run-retention and"
                        + " cancels the run should its request come"
                : found.results().size() + (found.results().size() == 1 ? " hook" : " hooks")
                        + " of it had finished; the one running is stopped and the rest skipped";
        return new CancelAnswer(
                runId,
                CancelAnswer.Kind.Published,
                null,
                "cancel of run " + runId + " published on " + topics.requests() + " (" + seen + ")");
    }

    /** {@link RunLookup#find}, its failures with the exit code of this transport (4: Kafka unusable). */
    private RunLookup.Found lookUp(String runId, Since since) {
        try {
            return RunLookup.find(common, topics, runId, since.instant());
        } catch (CliException e) {
            if (e.exitCode() == KafkaUnavailable.EXIT_CODE || "TopicNotFound".equals(e.reason())) {
                throw new CliException(e.reason(), 4, e.getMessage(), e);
            }
            throw e;
        }
    }

    private void publish(ProducerRecord<byte[], byte[]> record, String what, String retry) {
        Properties props = KafkaClients.producer(common);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(2 * CONNECT_TIMEOUT.toMillis()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(record).get(3 * CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
                throw unreachable(timeout);
            }
            throw new CliException(
                    "PublishFailed",
                    4,
                    "could not publish " + what + " to " + topics.requests() + ": " + cause.getMessage() + "; "
                            + retry);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", 1, "interrupted while publishing " + what);
        } catch (KafkaException e) {
            throw new CliException("PublishFailed", 4, "could not publish " + what + ": " + e.getMessage());
        }
    }

    @Override
    public RunOutcome await(String runId, Duration timeout, Listener listener) {
        if (consumer == null) {
            throw new IllegalStateException("created without watch");
        }
        byte[] key = runId.getBytes(StandardCharsets.UTF_8);
        RunWait wait = new RunWait(timeout, listener);
        while (true) {
            long remaining = wait.remainingNanos();
            if (remaining <= 0) {
                return null;
            }
            RunOutcome outcome = null;
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(min(POLL, Duration.ofNanos(remaining)))) {
                    if (!Arrays.equals(key, record.key())) {
                        continue;
                    }
                    if (record.topic().equals(topics.results())) {
                        HookResult result = parse(record.value(), HookResult.class);
                        if (result != null) {
                            wait.result(result);
                        }
                    } else if (outcome == null) {
                        outcome = parse(record.value(), RunOutcome.class);
                    }
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw unreachable(e);
            }
            if (outcome != null) {
                wait.finishedHooks(outcome);
                return outcome;
            }
            wait.waiting();
        }
    }

    private static <T> T parse(byte[] value, Class<T> type) {
        try {
            return value == null ? null : Json.mapper().readValue(value, type);
        } catch (IOException e) {
            return null; // not a record of the contract: not ours to judge here (the dead-letter topic is)
        }
    }

    private CliException unreachable(Exception e) {
        return new CliException(
                "KafkaUnavailable",
                4,
                "cannot reach Kafka at " + bootstrapServers + " within "
                        + CONNECT_TIMEOUT.toSeconds() + "s (" + e.getMessage() + "); check --bootstrap-servers and the "
                        + "HOOKSTREAM_KAFKA_* security settings, or use --via http");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String source() {
        try {
            return "/hookstream/cli/" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "/hookstream/cli";
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
