package io.hookstream.worker.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.Processed;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalProcessor;
import io.hookstream.kafka.signing.HookEventVerifier;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.internal.templates.TemplateChecker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a hook event into an execution and its report into a result record; unreadable records become dead
 * letters, a hook that already has a result (a duplicate event) is skipped without running, and a hook of a
 * cancelled run is stopped, or answered Cancelled without running. The results are committed by the loop in a
 * transaction with the consumed offsets; a result's commit token is its hook id, which the loop hands back once the
 * result is committed.
 */
final class HookEventProcessor implements TransactionalProcessor<String> {

    private static final Logger LOG = LoggerFactory.getLogger(HookEventProcessor.class);
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(30);
    /** Scans of the results topic, off the consumers' threads: at most four at once, threads end when idle. */
    private static final Executor SCANS = scanPool();

    private final Context context;
    private final HookRunner runner;
    private final TopicNames topics;
    private final String source;
    private final HookIdRegistry registry;
    private final Properties clientProperties;
    private final Duration dedupWindow;
    private final Set<Integer> scannedPartitions = new HashSet<>();
    /** Hooks running, by their record (topic/partition/offset), so that the loop can stop them. */
    private final StoppableHooks hooks = new StoppableHooks();

    private final WorkerMetrics metrics;
    private final SecretParams secretParams;
    /** Null when hook signing is disabled. */
    private final HookEventVerifier verifier;
    /** Null when hook events are not checked against their templates. */
    private final TemplateChecker checker;

    private final Cancellations cancellations;

    HookEventProcessor(
            Context context,
            HookRunner runner,
            TopicNames topics,
            String source,
            Properties clientProperties,
            Duration dedupWindow,
            WorkerMetrics metrics,
            SecretParams secretParams,
            HookEventVerifier verifier,
            TemplateChecker checker,
            Cancellations cancellations) {
        this.checker = checker;
        this.cancellations = cancellations;
        cancellations.listen(cancel -> {
            int stopped = hooks.cancelRun(cancel.runId(), cancelMessage(cancel));
            if (stopped > 0) {
                LOG.info("runId={} {}: stopping {} hook(s) here", cancel.runId(), cancel.describe(), stopped);
            }
        });
        this.secretParams = secretParams;
        this.verifier = verifier;
        this.metrics = metrics;
        this.context = context;
        this.runner = runner;
        this.topics = topics;
        this.source = source;
        this.clientProperties = clientProperties;
        this.dedupWindow = dedupWindow;
        this.registry = new HookIdRegistry(dedupWindow, Clock.systemUTC());
    }

    @Override
    public CompletionStage<Processed<String>> process(ConsumerRecord<byte[], byte[]> record) {
        if (verifier != null) {
            HookEventVerifier.Verdict verdict = verifier.verify(record);
            if (!verdict.valid()) {
                return deadLetter(record, verdict.reason(), verdict.message());
            }
        }
        HookEventReader.Read read = HookEventReader.read(record.value());
        if (!read.ok()) {
            return deadLetter(record, Reasons.MALFORMED_RECORD, read.problem());
        }
        HookEvent event = read.event();
        if (registry.seen(event.hookId())) {
            LOG.info(
                    "runId={} hook={} skipped: hook {} already has a result (duplicate hook event at {}-{}@{})",
                    event.runId(),
                    event.hookName(),
                    event.hookId(),
                    record.topic(),
                    record.partition(),
                    record.offset());
            metrics.duplicateSkipped();
            return CompletableFuture.completedFuture(Processed.none());
        }
        Execution execution = executionOf(event, read.timeout());
        LOG.info(
                "runId={} hook={} starting ({} executor, timeout {}, maxRetry {})",
                event.runId(),
                event.hookName(),
                event.executor().type(),
                event.timeout(),
                event.maxRetry());
        metrics.started(event.executor().type());
        CompletableFuture<ExecutionReport> report = new CompletableFuture<>();
        StoppableHooks.Slot slot = hooks.register(recordId(record), event.runId(), report);
        // after registering: a cancel seen from now on reaches the slot through the listener
        cancellations.of(event.runId()).ifPresent(cancel -> hooks.cancelRun(event.runId(), cancelMessage(cancel)));
        context.runOnContext(v -> checked(event)
                .compose(refused -> refused != null
                        ? Future.succeededFuture(refused)
                        : hooks.start(slot, () -> runner.start(execution)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        report.complete(ar.result());
                    } else {
                        report.completeExceptionally(ar.cause());
                    }
                }));
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long epoch = registry.epoch(partition);
        return report.thenApply(r -> {
            if (!slot.stopped()) { // a stopped hook's result is discarded: it has no result yet
                registry.finished(partition, epoch, event.hookId());
            }
            metrics.finished(
                    event.executor().type(), r.status(), r.reason(), Duration.between(r.startedAt(), r.finishedAt()));
            return Processed.of(List.of(resultRecord(event, r)), event.hookId());
        });
    }

    /**
     * Stops the hook of {@code record} (its process tree killed, its request closed, its Job deleted); completes
     * once it can no longer be running here. Its report, with the reason, is discarded by the loop.
     */
    @Override
    public CompletionStage<Void> abort(ConsumerRecord<byte[], byte[]> record, String reason) {
        String message = TransactionalProcessor.LEASE_LOST.equals(reason)
                ? "the worker could not renew its claim on this hook with Kafka in time and stopped it, so that it"
                        + " never runs in two places at once; another worker runs it once the claim has expired"
                : "the worker was stopping and the hook was still running at the end of its --shutdown-timeout;"
                        + " another worker runs it";
        LOG.warn("{}-{}@{}: stopping its hook ({})", record.topic(), record.partition(), record.offset(), reason);
        return hooks.stop(recordId(record), reason, message);
    }

    private static String cancelMessage(CancelRequest cancel) {
        return "the run was " + cancel.describe();
    }

    private static String recordId(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    /** A PolicyViolation report when the event does not match its template, else null (run it). */
    private Future<ExecutionReport> checked(HookEvent event) {
        if (checker == null) {
            return Future.succeededFuture(null);
        }
        return checker.check(event).map(problem -> {
            if (problem == null) {
                return null;
            }
            LOG.warn("runId={} hook={} refused: {}", event.runId(), event.hookName(), problem);
            Instant now = Instant.now();
            return new ExecutionReport(HookStatus.Failed, Reasons.POLICY_VIOLATION, problem, 0, now, now, List.of());
        });
    }

    /** Nothing of a refused record runs, and nothing of it (its params may be secrets) is logged but the reason. */
    private CompletionStage<Processed<String>> deadLetter(
            ConsumerRecord<byte[], byte[]> record, String reason, String problem) {
        LOG.warn("dead letter: {}-{}@{} {}: {}", record.topic(), record.partition(), record.offset(), reason, problem);
        metrics.deadLetter(reason);
        return CompletableFuture.completedFuture(
                Processed.of(List.of(OutboundRecords.deadLetter(topics.dlq(), "worker", record, reason, problem))));
    }

    /**
     * The hook ran but its result is larger than a Kafka record may be: a Failed result without output takes its
     * place, so the run still gets an answer (a dead letter of the hook event would leave it waiting).
     */
    @Override
    public Processed<String> onOutputTooLarge(
            ConsumerRecord<byte[], byte[]> record, Processed<String> rejected, String problem) {
        HookEventReader.Read read = HookEventReader.read(record.value());
        if (!read.ok()) {
            return Processed.of(List.of(
                    OutboundRecords.deadLetter(topics.dlq(), "worker", record, Reasons.OUTPUT_TOO_LARGE, problem)));
        }
        LOG.warn(
                "runId={} hook={} result too large for Kafka, replaced by a Failed result: {}",
                read.event().runId(),
                read.event().hookName(),
                problem);
        Instant now = Instant.now();
        return Processed.of(
                List.of(resultRecord(
                        read.event(),
                        new ExecutionReport(
                                HookStatus.Failed,
                                Reasons.OUTPUT_TOO_LARGE,
                                "the hook ran, but its result was larger than a Kafka record may be ("
                                        + problem + "), so its output is not kept: make the hook print less or raise"
                                        + " max.request.size",
                                1,
                                now,
                                now,
                                List.of()))),
                rejected.token());
    }

    /**
     * Reads the results of newly assigned partitions (for the duplicate check) on a thread of its own, while the
     * loop holds their hook events back.
     */
    @Override
    public CompletionStage<Consumer<Collection<TopicPartition>>> prepare(Collection<TopicPartition> partitions) {
        registry.assigned(partitions);
        Set<Integer> toScan = new HashSet<>();
        partitions.forEach(tp -> {
            if (scannedPartitions.add(tp.partition())) {
                toScan.add(tp.partition());
            }
        });
        if (toScan.isEmpty()) {
            return CompletableFuture.completedFuture(stillAssigned -> {});
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    long started = System.nanoTime();
                    int found = ResultsScan.scan(
                            clientProperties, topics.results(), toScan, dedupWindow, SCAN_TIMEOUT, registry::known);
                    LOG.info(
                            "found {} results of the last {} in {} partitions {} ({} ms)",
                            found,
                            GoDuration.format(dedupWindow),
                            topics.results(),
                            toScan,
                            (System.nanoTime() - started) / 1_000_000);
                    return stillAssigned -> {};
                },
                SCANS);
    }

    private static Executor scanPool() {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "hookstream-results-scan");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The hook ran on the worker that held it before its partition moved here, and that worker committed it. */
    @Override
    public void onFinishedElsewhere(ConsumerRecord<byte[], byte[]> record) {
        HookEventReader.Read read = HookEventReader.read(record.value());
        if (read.ok()) {
            registry.known(read.event().hookId(), System.currentTimeMillis());
            LOG.info(
                    "runId={} hook={} finished by the worker that started it (its partition moved here meanwhile)",
                    read.event().runId(),
                    read.event().hookName());
        }
    }

    @Override
    public void onDropped(Collection<TopicPartition> partitions) {
        registry.dropped(partitions);
        partitions.forEach(tp -> scannedPartitions.remove(tp.partition()));
    }

    /** The hooks whose results were just committed (their ids are the tokens): known from now on. */
    @Override
    public void onCommitted(List<String> hookIds) {
        hookIds.forEach(registry::committed);
    }

    private ProducerRecord<byte[], byte[]> resultRecord(HookEvent event, ExecutionReport report) {
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(event.params());
        HookResult result = new HookResult(
                event.hookId(),
                event.runId(),
                event.phase(),
                event.hookIndex(),
                event.hookName(),
                event.template(),
                invokerOf(event.session()),
                event.executor().type(),
                report.status(),
                report.reason(),
                scrubber.scrub(report.message()),
                report.attempts(),
                report.startedAt(),
                report.finishedAt(),
                Duration.between(report.startedAt(), report.finishedAt()).toMillis(),
                scrubbed(report.targets(), scrubber),
                report.history(),
                report.omittedAttempts());
        LOG.info(
                "runId={} hook={} {}{} after {} attempt(s) in {} ms",
                event.runId(),
                event.hookName(),
                report.status(),
                report.reason() == null ? "" : " (" + report.reason() + ")",
                report.attempts(),
                result.durationMs());
        return OutboundRecords.json(
                topics.results(),
                event.runId(),
                result,
                CloudEvents.headers(
                        CloudEventHeaders.TYPE_HOOK_RESULT, source, EventIds.result(event.hookId()), event.runId()));
    }

    /** Targets with every secret param value masked in their name, output tails and error. */
    static List<TargetResult> scrubbed(List<TargetResult> targets, SecretParams.Scrubber scrubber) {
        return scrubber.scrubTargets(targets);
    }

    private static ObjectReference invokerOf(SessionSummary session) {
        if (session == null || session.invoker() == null) {
            return null;
        }
        ObjectReference invoker = session.invoker();
        return invoker.namespace() != null
                ? invoker
                : new ObjectReference(invoker.apiGroup(), invoker.kind(), session.namespace(), invoker.name());
    }

    /** The execution of {@code event}, with the timeout its reader parsed. */
    static Execution executionOf(HookEvent event, Duration timeout) {
        return new Execution(
                event.runId(),
                event.hookId(),
                event.hookName(),
                event.session(),
                event.executor(),
                event.action(),
                event.params(),
                timeout,
                event.maxRetry(),
                event.variables(),
                event.volumes(),
                event.volumeMounts(),
                event.runtimeSettings(),
                event.deadline());
    }
}
