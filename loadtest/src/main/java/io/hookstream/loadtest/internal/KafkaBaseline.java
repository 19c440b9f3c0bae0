package io.hookstream.loadtest.internal;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.loadtest.BaselineRelay;
import io.hookstream.loadtest.LoadTestException;
import io.hookstream.loadtest.PassFigures;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The Kafka limit for the shape of a load test: the same hops as hookstream (request → hook event → result → run
 * outcome) through topics of the same partitions and replication, moved by relays (one "dispatcher" relay reading
 * requests and results, one "worker" relay per worker consumer) that replay hookstream's own records (same sizes,
 * headers, compression), with acks=all and read_committed, doing no other work. The {@link BaselineRelay} says how
 * the relays move records: bare clients, transactions as hookstream's, or share-group workers. Driven and measured
 * exactly like the hookstream pass, at its {@code --rate}, after a warm-up of its size.
 */
public final class KafkaBaseline {

    /** What the baseline needs from the load test. */
    public record Spec(
            String bootstrapServers,
            TopicNames hookstreamTopics,
            int workerConsumers,
            int hooks,
            int hooksPerRun,
            RunRequests requests,
            Samples samples,
            double rate,
            int warmupHooks,
            Duration commitInterval,
            Duration drainTimeout,
            long deadlineNanos,
            PrintStream progress,
            String passId,
            BaselineRelay relay,
            Supplier<CpuMeter> cpu) {}

    private KafkaBaseline() {}

    public static PassFigures run(Spec spec) {
        String prefix =
                "loadtest-baseline-" + spec.passId() + "-" + spec.relay().wireName() + ".";
        String requests = prefix + "requests";
        String hooks = prefix + "hooks";
        String results = prefix + "results";
        String runs = prefix + "runs";
        List<String> topics = List.of(requests, hooks, results, runs);
        List<BaselineStage> stages = new ArrayList<>();
        try (GroupWatch watch = new GroupWatch(spec.bootstrapServers())) {
            int partitions = watch.partitions(spec.hookstreamTopics().requests());
            short replication = watch.replicationFactor(spec.hookstreamTopics().requests());
            Properties client = KafkaClients.common(spec.bootstrapServers(), Map.of(), "loadtest-baseline");
            TopicProvisioner.ensure(client, topics, partitions, replication, Duration.ofSeconds(60));
            try {
                String dispatcherGroup = prefix + "dispatcher";
                String workerGroup = prefix + "workers";
                Relays relays = new Relays(spec.samples(), spec.hooksPerRun(), requests, hooks, results, runs);
                if (spec.relay().shareWorkers()) {
                    configureShareGroup(watch, workerGroup);
                }
                stages.add(stage(
                                spec,
                                "dispatcher",
                                dispatcherGroup,
                                List.of(requests, results),
                                relays::dispatcher,
                                spec.relay() == BaselineRelay.BARE ? BaselineRelay.BARE : BaselineRelay.EOS)
                        .start());
                for (int i = 0; i < spec.workerConsumers(); i++) {
                    stages.add(stage(spec, "worker-" + i, workerGroup, List.of(hooks), relays::worker, spec.relay())
                            .start());
                }
                watch.awaitSettled(dispatcherGroup, 1, 2 * partitions, Duration.ofSeconds(60));
                if (spec.relay().shareWorkers()) {
                    watch.awaitShareGroupSettled(
                            workerGroup, spec.workerConsumers(), partitions, Duration.ofSeconds(60));
                } else {
                    watch.awaitSettled(workerGroup, spec.workerConsumers(), partitions, Duration.ofSeconds(60));
                }
                Map<Hop, String> watched = new EnumMap<>(Hop.class);
                watched.put(Hop.HOOK_EVENT, hooks);
                watched.put(Hop.RESULT, results);
                watched.put(Hop.OUTCOME, runs);
                String label = "baseline-" + spec.relay().wireName();
                if (spec.warmupHooks() > 0) {
                    Pass.run(pass(
                            spec,
                            label + "-warmup",
                            requests,
                            watched,
                            new RunIds(
                                    "ltbw-" + spec.passId() + "-" + spec.relay().wireName() + "-",
                                    spec.warmupHooks() / spec.hooksPerRun(),
                                    spec.hooksPerRun()),
                            null));
                }
                PassFigures figures = Pass.run(pass(
                        spec,
                        label,
                        requests,
                        watched,
                        new RunIds(
                                "ltb-" + spec.passId() + "-" + spec.relay().wireName() + "-",
                                spec.hooks() / spec.hooksPerRun(),
                                spec.hooksPerRun()),
                        spec.cpu()));
                reportFailures(stages, spec.relay());
                return figures;
            } finally {
                stages.forEach(BaselineStage::close);
                try {
                    watch.admin().deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // leftover baseline topics on a test broker are harmless
                }
            }
        }
    }

    private static Pass.Spec pass(
            Spec spec, String label, String requests, Map<Hop, String> watched, RunIds ids, Supplier<CpuMeter> cpu) {
        return new Pass.Spec(
                label,
                spec.bootstrapServers(),
                requests,
                watched,
                new BaselineDecoder(),
                ids,
                spec.requests(),
                spec.rate(),
                spec.drainTimeout(),
                Duration.ofSeconds(1),
                spec.deadlineNanos(),
                spec.progress(),
                null,
                cpu,
                null);
    }

    private static BaselineStage stage(
            Spec spec,
            String name,
            String group,
            List<String> topics,
            Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay,
            BaselineRelay kind) {
        Properties common = KafkaClients.common(spec.bootstrapServers(), Map.of(), "loadtest-baseline-" + name);
        Properties consumer = KafkaClients.consumer(common, group);
        Properties producer = KafkaClients.producer(
                KafkaClients.common(spec.bootstrapServers(), Map.of(), "loadtest-baseline-" + name + "-producer"));
        return switch (kind) {
            case BARE -> new RelayStage(name, consumer, topics, producer, relay);
            case EOS -> new EosRelayStage(name, consumer, topics, producer, spec.commitInterval(), relay);
            case SHARE, SHARE_TX ->
                new ShareRelayStage(name, common, group, topics, producer, kind == BaselineRelay.SHARE_TX, relay);
        };
    }

    /**
     * A new share group starts at the latest offset and reads uncommitted records; the baseline's worker group
     * starts at the beginning of its new topic and, like every hookstream reader, reads committed records only.
     */
    private static void configureShareGroup(GroupWatch watch, String group) {
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(
                        new ConfigEntry("share.isolation.level", "read_committed"), AlterConfigOp.OpType.SET));
        try {
            watch.admin()
                    .incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LoadTestException(
                    "ShareGroupConfig",
                    "cannot configure share group " + group + ": " + e.getMessage()
                            + "; share groups need Kafka 4.2 or later with the feature share.version=1",
                    e);
        }
    }

    private static void reportFailures(List<BaselineStage> stages, BaselineRelay relay) {
        for (BaselineStage stage : stages) {
            if (stage.failure() != null) {
                System.err.println("[loadtest] baseline " + relay + ": a relay stopped early: " + stage.failure());
            }
        }
    }

    /** What each relay turns a record into. */
    static final class Relays {

        private final SampleRecord hookEvent;
        private final SampleRecord result;
        private final SampleRecord outcome;
        private final int hooksPerRun;
        private final String requests;
        private final String hooks;
        private final String results;
        private final String runs;

        Relays(Samples samples, int hooksPerRun, String requests, String hooks, String results, String runs) {
            this.hookEvent = samples.get(Hop.HOOK_EVENT);
            this.result = samples.get(Hop.RESULT);
            this.outcome = samples.get(Hop.OUTCOME);
            this.hooksPerRun = hooksPerRun;
            this.requests = requests;
            this.hooks = hooks;
            this.results = results;
            this.runs = runs;
        }

        ProducerRecord<byte[], byte[]> dispatcher(ConsumerRecord<byte[], byte[]> record) {
            if (record.topic().equals(requests)) {
                String runId = new String(record.key(), StandardCharsets.UTF_8);
                return out(hooks, record.key(), hookEvent, runId + "/0");
            }
            Header hook = record.headers().lastHeader(BaselineDecoder.HOOK_HEADER);
            if (hook == null) {
                return null;
            }
            String hookId = new String(hook.value(), StandardCharsets.UTF_8);
            int slash = hookId.lastIndexOf('/');
            int index = Integer.parseInt(hookId.substring(slash + 1));
            if (index + 1 < hooksPerRun) {
                return out(hooks, record.key(), hookEvent, hookId.substring(0, slash + 1) + (index + 1));
            }
            return out(runs, record.key(), outcome, null);
        }

        ProducerRecord<byte[], byte[]> worker(ConsumerRecord<byte[], byte[]> record) {
            Header hook = record.headers().lastHeader(BaselineDecoder.HOOK_HEADER);
            return hook == null
                    ? null
                    : out(results, record.key(), result, new String(hook.value(), StandardCharsets.UTF_8));
        }

        private static ProducerRecord<byte[], byte[]> out(
                String topic, byte[] key, SampleRecord sample, String hookId) {
            List<Header> headers = new ArrayList<>(sample.headers().size() + 1);
            headers.addAll(sample.headers());
            if (hookId != null) {
                headers.add(new RecordHeader(BaselineDecoder.HOOK_HEADER, hookId.getBytes(StandardCharsets.UTF_8)));
            }
            return new ProducerRecord<>(topic, null, key, sample.value(), headers);
        }
    }
}
