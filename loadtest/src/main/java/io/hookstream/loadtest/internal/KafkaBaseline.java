package io.hookstream.loadtest.internal;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.loadtest.PassFigures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The bare Kafka limit for the shape of a load test: the same hops as hookstream (request → hook event → result
 * → run outcome) through topics of the same partitions and replication, moved by plain consumers and producers
 * (one "dispatcher" relay reading requests and results, one "worker" relay per worker consumer) that replay
 * hookstream's own records (same sizes, headers, compression), with acks=all and read_committed, doing no other
 * work. Driven and measured exactly like the hookstream pass, always as fast as possible.
 */
public final class KafkaBaseline {

    /** What the baseline needs from the load test. */
    public record Spec(String bootstrapServers, TopicNames hookstreamTopics, int workerConsumers, int hooks,
                       int hooksPerRun, RunRequests requests, Samples samples, Duration drainTimeout,
                       long deadlineNanos, java.io.PrintStream progress, String passId) {
    }

    private KafkaBaseline() {
    }

    public static PassFigures run(Spec spec) {
        String prefix = "loadtest-baseline-" + spec.passId() + ".";
        String requests = prefix + "requests";
        String hooks = prefix + "hooks";
        String results = prefix + "results";
        String runs = prefix + "runs";
        List<String> topics = List.of(requests, hooks, results, runs);
        List<RelayStage> stages = new ArrayList<>();
        try (GroupWatch watch = new GroupWatch(spec.bootstrapServers())) {
            int partitions = watch.partitions(spec.hookstreamTopics().requests());
            short replication = watch.replicationFactor(spec.hookstreamTopics().requests());
            Properties client = KafkaClients.common(spec.bootstrapServers(), Map.of(), "loadtest-baseline");
            TopicProvisioner.ensure(client, topics, partitions, replication, Duration.ofSeconds(60));
            try {
                String dispatcherGroup = prefix + "dispatcher";
                String workerGroup = prefix + "workers";
                Relays relays = new Relays(spec.samples(), spec.hooksPerRun(), requests, hooks, results, runs);
                stages.add(new RelayStage("dispatcher", consumer(spec, dispatcherGroup, "dispatcher"),
                        List.of(requests, results), producer(spec, "dispatcher"), relays::dispatcher).start());
                for (int i = 0; i < spec.workerConsumers(); i++) {
                    stages.add(new RelayStage("worker-" + i, consumer(spec, workerGroup, "worker-" + i),
                            List.of(hooks), producer(spec, "worker-" + i), relays::worker).start());
                }
                watch.awaitSettled(dispatcherGroup, 1, 2 * partitions, Duration.ofSeconds(60));
                watch.awaitSettled(workerGroup, spec.workerConsumers(), partitions, Duration.ofSeconds(60));
                Map<Hop, String> watched = new EnumMap<>(Hop.class);
                watched.put(Hop.HOOK_EVENT, hooks);
                watched.put(Hop.RESULT, results);
                watched.put(Hop.OUTCOME, runs);
                RunIds ids = new RunIds("ltb-" + spec.passId() + "-", spec.hooks() / spec.hooksPerRun(),
                        spec.hooksPerRun());
                return Pass.run(new Pass.Spec("baseline", spec.bootstrapServers(), requests, watched,
                        new BaselineDecoder(), ids, spec.requests(), 0, spec.drainTimeout(), Duration.ofSeconds(1),
                        spec.deadlineNanos(), spec.progress(), null));
            } finally {
                stages.forEach(RelayStage::close);
                try {
                    watch.admin().deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // leftover baseline topics on a test broker are harmless
                }
            }
        }
    }

    private static Properties consumer(Spec spec, String group, String name) {
        return KafkaClients.consumer(KafkaClients.common(spec.bootstrapServers(), Map.of(),
                "loadtest-baseline-" + name), group);
    }

    private static Properties producer(Spec spec, String name) {
        return KafkaClients.producer(KafkaClients.common(spec.bootstrapServers(), Map.of(),
                "loadtest-baseline-" + name + "-producer"));
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
            return hook == null ? null : out(results, record.key(), result,
                    new String(hook.value(), StandardCharsets.UTF_8));
        }

        private static ProducerRecord<byte[], byte[]> out(String topic, byte[] key, SampleRecord sample,
                                                          String hookId) {
            List<Header> headers = new ArrayList<>(sample.headers().size() + 1);
            headers.addAll(sample.headers());
            if (hookId != null) {
                headers.add(new RecordHeader(BaselineDecoder.HOOK_HEADER, hookId.getBytes(StandardCharsets.UTF_8)));
            }
            return new ProducerRecord<>(topic, null, key, sample.value(), headers);
        }
    }
}
