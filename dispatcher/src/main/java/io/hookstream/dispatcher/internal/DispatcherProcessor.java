package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.Partitioning;
import io.hookstream.kafka.Processed;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalProcessor;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's side of the transactional loop: requests and results in, hook events, Skipped results,
 * outcomes and run-state snapshots out, all on the consumer's thread. A run belongs to the partition its run id
 * hashes to (the same partition number in every topic); a request that arrived in another partition (keyed
 * otherwise, or without a key) is re-published keyed by its run id, so the owner of that partition runs it.
 */
final class DispatcherProcessor implements TransactionalProcessor<Changes> {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherProcessor.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);
    /** Reads of the state topic, off the consumer's thread; the thread ends when idle. */
    private static final Executor RESTORES =
            new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "hookstream-dispatcher-restore");
                thread.setDaemon(true);
                return thread;
            });

    private final TopicNames topics;
    private final int partitions;
    private final RunBook book;
    private final RunViews views;
    private final StateTopicReader state;
    private final Duration retention;
    private final MeterRegistry registry;
    /** Run-outcome counters by status and reason, built once per tag set (not per outcome). */
    private final Map<RunOutcomeTags, Counter> runCounters = new ConcurrentHashMap<>();

    private final Map<String, Counter> deadLetterCounters = new ConcurrentHashMap<>();
    private long lastSweep = System.nanoTime();

    DispatcherProcessor(
            TopicNames topics,
            int partitions,
            RunBook book,
            RunViews views,
            StateTopicReader state,
            Duration retention,
            MeterRegistry registry) {
        this.registry = registry;
        this.topics = topics;
        this.partitions = partitions;
        this.book = book;
        this.views = views;
        this.state = state;
        this.retention = retention;
    }

    /**
     * The record's outputs; its commit token is the views of the runs it changed (null when none), published once
     * committed.
     */
    @Override
    public CompletionStage<Processed<Changes>> process(ConsumerRecord<byte[], byte[]> record) {
        Changes changes = record.topic().equals(topics.results()) ? result(record) : request(record);
        sweepNowAndThen();
        return CompletableFuture.completedFuture(processed(changes));
    }

    /**
     * Ends the wait for the hooks past their deadline at {@code now} (see {@link RunBook#expire}): per partition of
     * the requests topic that owns the runs, the records the loop commits with that partition's offsets (the expired
     * results, Skipped results, outcomes and snapshots); their views are published once committed.
     */
    @Override
    public Map<TopicPartition, Processed<Changes>> onTick(Instant now) {
        Map<TopicPartition, Processed<Changes>> byPartition = new HashMap<>();
        book.expire(now)
                .forEach((partition, changes) ->
                        byPartition.put(new TopicPartition(topics.requests(), partition), processed(changes)));
        return byPartition;
    }

    /** The records of {@code changes}, with the changes as the commit token (null when no run changed). */
    private static Processed<Changes> processed(Changes changes) {
        return Processed.of(changes.records(), changes.views().isEmpty() ? null : changes);
    }

    private Changes request(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> attributes = CloudEvents.attributes(record.headers());
        Optional<CancelReader.Read> cancel = CancelReader.read(record.value(), attributes);
        if (cancel.isPresent()) {
            return cancel(record, cancel.get());
        }
        RunRequestReader.Read read = RunRequestReader.read(record.value(), attributes);
        if (read instanceof RunRequestReader.Malformed malformed) {
            return malformed(record, malformed.message());
        }
        String given = read instanceof RunRequestReader.Parsed parsed
                ? parsed.request().runId()
                : ((RunRequestReader.Invalid) read).runId();
        String unusable = given == null ? null : whyNoKey(given);
        if (unusable != null) {
            return malformed(record, unusable);
        }
        // an invalid run id is kept (as over HTTP): the validator rejects the request, keyed by the id it came with
        String runId = given != null ? given : generatedRunId(record.partition());
        int owner = Partitioning.partitionFor(runId, partitions);
        if (owner != record.partition()) {
            return Changes.records(List.of(reroute(record, runId, read)));
        }
        if (read instanceof RunRequestReader.Parsed parsed) {
            return book.submit(parsed.request().withRunId(runId), owner);
        }
        return book.reject(runId, null, null, ((RunRequestReader.Invalid) read).problem(), owner);
    }

    private Changes cancel(ConsumerRecord<byte[], byte[]> record, CancelReader.Read read) {
        if (read instanceof CancelReader.Malformed malformed) {
            return malformed(record, malformed.message());
        }
        CancelRequest cancel = ((CancelReader.Parsed) read).cancel();
        int owner = Partitioning.partitionFor(cancel.runId(), partitions);
        if (owner != record.partition()) {
            ProducerRecord<byte[], byte[]> moved = new ProducerRecord<>(
                    topics.requests(), null, cancel.runId().getBytes(StandardCharsets.UTF_8), record.value());
            record.headers().forEach(h -> moved.headers().add(h));
            return Changes.records(List.of(moved));
        }
        return book.cancel(cancel, owner);
    }

    /**
     * Why {@code runId}, given but perhaps invalid, cannot even key the Rejected outcome that says so (too long to
     * keep as a run, empty, or with control characters that would forge log lines), or null when it can. The
     * message never quotes the id.
     */
    static String whyNoKey(String runId) {
        if (runId.isEmpty()) {
            return "runId is empty or not a string: give a run id (" + RUN_ID_RULE + ") or none to have one generated";
        }
        if (runId.length() > MAX_REJECTED_RUN_ID) {
            return "runId has " + runId.length() + " characters, more than " + MAX_REJECTED_RUN_ID
                    + " to key a Rejected outcome by: a run id is " + RUN_ID_RULE;
        }
        if (runId.chars().anyMatch(Character::isISOControl)) {
            return "runId contains control characters: a run id is " + RUN_ID_RULE;
        }
        return null;
    }

    /** The longest invalid run id a Rejected outcome is keyed by; a longer one is dead-lettered. */
    static final int MAX_REJECTED_RUN_ID = 1024;

    private static final String RUN_ID_RULE =
            "1-200 characters of letters, digits, '.', '_', ':' or '-'," + " starting with a letter or digit";

    /**
     * A fresh run id owned by {@code partition}, so a request without a run id is handled where it is read: a
     * random id owned elsewhere would be rerouted and drawn anew at the next partition (a loop of
     * re-publications). Falls back to any random id if none is found quickly.
     */
    private String generatedRunId(int partition) {
        for (int tries = 0; tries < 64 * partitions; tries++) {
            String id = UUID.randomUUID().toString();
            if (Partitioning.partitionFor(id, partitions) == partition) {
                return id;
            }
        }
        return UUID.randomUUID().toString();
    }

    /** The request again, keyed by its run id (and carrying it), so it lands in the partition that owns the run. */
    private ProducerRecord<byte[], byte[]> reroute(
            ConsumerRecord<byte[], byte[]> record, String runId, RunRequestReader.Read read) {
        byte[] value = record.value();
        if (read instanceof RunRequestReader.Parsed parsed && parsed.request().runId() == null) {
            try {
                value = Json.mapper().writeValueAsBytes(parsed.request().withRunId(runId));
            } catch (IOException e) {
                throw new IllegalStateException("a parsed request could not be written back", e);
            }
        }
        LOG.debug(
                "runId={} request at {}-{}@{} moved to its run's partition",
                runId,
                record.topic(),
                record.partition(),
                record.offset());
        ProducerRecord<byte[], byte[]> moved =
                new ProducerRecord<>(topics.requests(), null, runId.getBytes(StandardCharsets.UTF_8), value);
        record.headers().forEach(h -> {
            if (!h.key().equals(io.hookstream.schemas.event.CloudEventHeaders.CONTENT_TYPE)
                    || !read.getClass().equals(RunRequestReader.Parsed.class)) {
                moved.headers().add(h);
            }
        });
        if (read instanceof RunRequestReader.Parsed) {
            moved.headers()
                    .add(CloudEvents.header(
                            io.hookstream.schemas.event.CloudEventHeaders.CONTENT_TYPE,
                            io.hookstream.schemas.event.CloudEventHeaders.JSON));
        }
        return moved;
    }

    private Changes result(ConsumerRecord<byte[], byte[]> record) {
        HookResult result;
        try {
            result = Json.mapper().readValue(record.value(), HookResult.class);
        } catch (IOException | RuntimeException e) {
            return malformed(record, "not a hook result: " + e.getMessage());
        }
        if (result.runId() == null || result.hookId() == null || result.status() == null) {
            return malformed(record, "hook result lacks runId, hookId or status");
        }
        return book.onResult(result);
    }

    /**
     * A request or result whose outputs cannot be written (one is too large) is dead-lettered instead, and the runs
     * it changed end Failed with reason OutputTooLarge (a small outcome and snapshot, without the plan), so that
     * what the run book holds and what RunViews show is what is committed: without this a run accepted in memory,
     * with its hook event never sent, would show Running. The rejected token holds the runs that record changed;
     * their views are never published, those of the runs ended here are.
     */
    @Override
    public Processed<Changes> onOutputTooLarge(
            ConsumerRecord<byte[], byte[]> record, Processed<Changes> rejected, String problem) {
        deadLetter(Reasons.OUTPUT_TOO_LARGE);
        Changes instead = Changes.records(List.of(
                OutboundRecords.deadLetter(topics.dlq(), "dispatcher", record, Reasons.OUTPUT_TOO_LARGE, problem)));
        List<Changes.ChangedView> rejectedViews =
                rejected.token() == null ? List.of() : rejected.token().views();
        for (Changes.ChangedView changed : rejectedViews) {
            instead = instead.plus(book.endTooLarge(changed.view().runId(), problem));
        }
        // should even these be too large, the loop writes nothing for the record: the run still ends here
        return processed(instead);
    }

    /**
     * Reads the runs of newly assigned partitions from the state topic on a thread of its own (the loop holds the
     * partitions' records back meanwhile) and restores them on the consumer's thread, for the partitions still
     * assigned then.
     */
    @Override
    public CompletionStage<Consumer<Collection<TopicPartition>>> prepare(Collection<TopicPartition> assigned) {
        Set<Integer> numbers = assigned.stream()
                .filter(tp -> tp.topic().equals(topics.requests()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
        if (numbers.isEmpty()) {
            return CompletableFuture.completedFuture(stillAssigned -> {});
        }
        long started = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> state.read(numbers, RESTORE_TIMEOUT), RESTORES)
                .thenApply(restored -> stillAssigned -> restore(restored, stillAssigned, numbers, started));
    }

    private void restore(
            Map<String, Map.Entry<Integer, RunSnapshot>> restored,
            Collection<TopicPartition> stillAssigned,
            Set<Integer> read,
            long started) {
        Set<Integer> owned = stillAssigned.stream()
                .filter(tp -> tp.topic().equals(topics.requests()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
        long[] running = {0};
        int[] count = {0};
        restored.forEach((runId, entry) -> {
            if (owned.contains(entry.getKey())) {
                book.restore(entry.getValue(), entry.getKey())
                        .views()
                        .forEach(changed -> views.restore(changed.partition(), changed.view()));
                if (entry.getValue().view() == null) {
                    return; // a cancel whose request has not come
                }
                count[0]++;
                if (!entry.getValue().view().status().isTerminal()) {
                    running[0]++;
                }
            }
        });
        LOG.info(
                "restored {} runs ({} in flight) of partitions {} from {} in {} ms",
                count[0],
                running[0],
                owned,
                topics.dispatcherState(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void onDropped(Collection<TopicPartition> dropped) {
        Set<Integer> numbers = dropped.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        book.drop(numbers);
        views.drop(numbers);
    }

    /** Publishes the views that the committed records changed (their tokens), in commit order. */
    @Override
    public void onCommitted(List<Changes> committed) {
        committed.forEach(changes -> changes.views().forEach(changed -> publish(changed.partition(), changed.view())));
    }

    private void publish(int partition, RunOutcome view) {
        views.publish(partition, view);
        if (view.status().isTerminal()) {
            runCounters
                    .computeIfAbsent(
                            new RunOutcomeTags(view.status().name(), view.reason() == null ? "" : view.reason()),
                            tags -> Counter.builder("hookstream.runs")
                                    .description("run outcomes committed")
                                    .tag("status", tags.status())
                                    .tag("reason", tags.reason())
                                    .register(registry))
                    .increment();
        }
    }

    /** The dead letter of a record that cannot be read, with why (logged, counted). */
    private Changes malformed(ConsumerRecord<byte[], byte[]> record, String why) {
        LOG.warn("dead letter: {}-{}@{} {}", record.topic(), record.partition(), record.offset(), why);
        deadLetter(Reasons.MALFORMED_RECORD);
        return Changes.records(
                List.of(OutboundRecords.deadLetter(topics.dlq(), "dispatcher", record, Reasons.MALFORMED_RECORD, why)));
    }

    private void deadLetter(String reason) {
        deadLetterCounters
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("hookstream.dead.letters")
                                .description("records sent to the dead-letter topic")
                                .tag("component", "dispatcher")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    private record RunOutcomeTags(String status, String reason) {}

    private void sweepNowAndThen() {
        if (System.nanoTime() - lastSweep > Duration.ofMinutes(1).toNanos()) {
            lastSweep = System.nanoTime();
            book.sweep();
            views.sweep(retention);
        }
    }
}
