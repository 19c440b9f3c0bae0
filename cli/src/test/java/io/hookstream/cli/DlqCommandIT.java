package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.cli.internal.TopicReader;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.DeadLetterHeaders;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class DlqCommandIT {

    private String bootstrap;
    private String prefix;

    @BeforeEach
    void topics(EmbeddedKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
        prefix = "d" + UUID.randomUUID().toString().substring(0, 8) + ".";
        PlainKafka.createTopics(bootstrap, 3, prefix + "requests", prefix + "hooks.pre-backup", prefix + "dlq");
    }

    /** A dead letter as kafka-common writes one: the original headers, then the hookstream.dlq.* ones. */
    private void deadLetter(
            String key,
            String value,
            String originTopic,
            int partition,
            long offset,
            String reason,
            String component,
            Map<String, String> originalHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(originalHeaders);
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.MESSAGE, "could not read it: " + reason);
        headers.put(DeadLetterHeaders.ORIGIN_TOPIC, originTopic);
        headers.put(DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(partition));
        headers.put(DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(offset));
        headers.put(DeadLetterHeaders.ORIGIN_TIMESTAMP, Long.toString(System.currentTimeMillis()));
        headers.put(DeadLetterHeaders.COMPONENT, component);
        if (!originalHeaders.containsKey(CloudEventHeaders.SPEC_VERSION)) {
            headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
            headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
            headers.put(CloudEventHeaders.TYPE, CloudEventHeaders.TYPE_DEAD_LETTER);
            headers.put(CloudEventHeaders.SOURCE, "/hookstream/" + component);
        }
        PlainKafka.produce(bootstrap, prefix + "dlq", key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    private void twoDeadLetters() {
        deadLetter(
                "run-1",
                "{\"phase\": ",
                prefix + "requests",
                2,
                17,
                "MalformedRecord",
                "dispatcher",
                Map.of("x-origin", "fuzz"));
        deadLetter(
                "run-2",
                "{\"hookId\": 1}",
                prefix + "hooks.pre-backup",
                1,
                4,
                "UnknownHookEvent",
                "worker",
                Map.of(
                        CloudEventHeaders.SPEC_VERSION,
                        "1.0",
                        CloudEventHeaders.TYPE,
                        CloudEventHeaders.TYPE_HOOK_DISPATCHED,
                        CloudEventHeaders.ID,
                        "event-2"));
    }

    private CapturedRun dlq(String subcommand, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = subcommand;
        all[1] = "--bootstrap-servers";
        all[2] = bootstrap;
        all[3] = "--topic-prefix";
        all[4] = prefix;
        System.arraycopy(args, 0, all, 5, args.length);
        return CapturedRun.of(new DlqCommand(), all);
    }

    @Test
    void listShowsEachDeadLetterWithReasonOriginAndTime() {
        twoDeadLetters();

        CapturedRun list = dlq("list");

        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME").contains("REASON", "COMPONENT", "ORIGIN", "KEY", "MESSAGE");
        assertThat(lines).hasSize(3);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "MalformedRecord",
                                "dispatcher",
                                prefix + "requests-2@17",
                                "run-1",
                                "could not read it"));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains("UnknownHookEvent", "worker", prefix + "hooks.pre-backup-1@4", "run-2"));

        CapturedRun json = dlq("list", "--filter", "component=worker", "-o", "json");
        assertThat(json.out().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"reason\":\"UnknownHookEvent\"")
                        .contains("\"originOffset\":4")
                        .contains("\"id\":\"" + prefix + "dlq-"));
    }

    @Test
    void replayRepublishesToTheOriginalTopicExactlyOnce() {
        twoDeadLetters();

        CapturedRun first = dlq("replay", "--filter", "reason=MalformedRecord");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("replayed 1, skipped 0 already replayed");
        try (RecordCollector requests = RecordCollector.assign(bootstrap, prefix + "requests")) {
            ConsumerRecord<String, byte[]> replayed =
                    requests.awaitCount(1, Duration.ofSeconds(30)).get(0);
            assertThat(replayed.key()).isEqualTo("run-1");
            assertThat(TopicFixtures.text(replayed.value())).isEqualTo("{\"phase\": ");
            assertThat(replayed.partition()).isEqualTo(2);
            assertThat(replayed.headers().toArray()).extracting(Header::key).containsExactly("x-origin");
            assertThat(PlainKafka.header(replayed, "x-origin")).isEqualTo("fuzz");
        }
        Map<Integer, Long> requestsEnd = TopicFixtures.endOffsets(bootstrap, prefix + "requests");

        CapturedRun second = dlq("replay", "--filter", "reason=MalformedRecord");

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("replayed 0, skipped 1 already replayed");
        assertThat(TopicFixtures.endOffsets(bootstrap, prefix + "requests")).isEqualTo(requestsEnd);

        CapturedRun rest = dlq("replay");
        assertThat(rest.out()).contains("replayed 1, skipped 1 already replayed");
        try (RecordCollector hooks = RecordCollector.assign(bootstrap, prefix + "hooks.pre-backup")) {
            ConsumerRecord<String, byte[]> replayed =
                    hooks.awaitCount(1, Duration.ofSeconds(30)).get(0);
            assertThat(replayed.partition()).isEqualTo(1);
            assertThat(PlainKafka.header(replayed, CloudEventHeaders.ID)).isEqualTo("event-2");
            assertThat(PlainKafka.header(replayed, CloudEventHeaders.TYPE))
                    .isEqualTo(CloudEventHeaders.TYPE_HOOK_DISPATCHED);
            assertThat(replayed.headers().toArray())
                    .extracting(Header::key)
                    .noneMatch(key -> key.startsWith("hookstream.dlq."));
        }
        try (RecordCollector ledger = RecordCollector.assign(bootstrap, prefix + "dlq-replayed")) {
            assertThat(ledger.awaitCount(2, Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::key)
                    .allSatisfy(key -> assertThat(key).startsWith(prefix + "dlq-"));
        }
        assertThat(TopicFixtures.endOffsets(bootstrap, prefix + "requests")).isEqualTo(requestsEnd);
    }

    @Test
    void dryRunShowsWhatWouldBeReplayedAndChangesNothing() {
        twoDeadLetters();
        Map<Integer, Long> requestsEnd = TopicFixtures.endOffsets(bootstrap, prefix + "requests");
        Map<Integer, Long> hooksEnd = TopicFixtures.endOffsets(bootstrap, prefix + "hooks.pre-backup");

        CapturedRun dry = dlq("replay", "--dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out())
                .contains(prefix + "requests-2@17")
                .contains(prefix + "hooks.pre-backup-1@4")
                .contains("would replay 2, skipped 0 already replayed");
        assertThat(TopicFixtures.endOffsets(bootstrap, prefix + "requests")).isEqualTo(requestsEnd);
        assertThat(TopicFixtures.endOffsets(bootstrap, prefix + "hooks.pre-backup"))
                .isEqualTo(hooksEnd);
        assertThat(TopicFixtures.endOffsets(bootstrap, prefix + "dlq-replayed")).isEmpty();

        assertThat(dlq("replay").out()).contains("replayed 2, skipped 0");
        assertThat(dlq("replay", "--dry-run").out()).contains("would replay 0, skipped 2 already replayed");
    }

    @Test
    void aDeadLetterWhoseOriginTopicIsGoneIsReportedAndExitsOne() {
        deadLetter("run-9", "{}", prefix + "deleted-topic", 0, 1, "MalformedRecord", "dispatcher", Map.of());

        CapturedRun replay = dlq("replay");

        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.out()).contains("replayed 0, skipped 0 already replayed, 1 not replayable");
        assertThat(replay.err()).contains("origin topic " + prefix + "deleted-topic does not exist");
    }

    @Test
    void aReplayInterruptedMidTransactionIsAbortedAndReplayedOnceByTheNextReplay() {
        deadLetter(
                "run-1",
                "{\"phase\": ",
                prefix + "requests",
                0,
                3,
                "MalformedRecord",
                "dispatcher",
                Map.of("x-origin", "fuzz"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "dlq-replay");
        KafkaProducer<byte[], byte[]> crashed =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            crashed.initTransactions();
            crashed.beginTransaction();
            crashed.send(new ProducerRecord<>(
                    prefix + "requests",
                    0,
                    "run-1".getBytes(StandardCharsets.UTF_8),
                    "{\"phase\": ".getBytes(StandardCharsets.UTF_8)));
            crashed.flush();

            CapturedRun replay = dlq("replay");

            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("replayed 1, skipped 0");
            assertThatThrownBy(crashed::commitTransaction)
                    .as("the interrupted replayer is fenced")
                    .isInstanceOf(KafkaException.class);
        } finally {
            crashed.close(Duration.ZERO);
        }
        List<String> committed = new ArrayList<>();
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        try (TopicReader reader = TopicReader.open(common, prefix + "requests", true, null)) {
            reader.seek(Instant.EPOCH).readToEnd(record -> committed.add(TopicFixtures.text(record.key())));
        }
        assertThat(committed).containsExactly("run-1");
        assertThat(dlq("replay").out()).contains("replayed 0, skipped 1 already replayed");
    }

    @Test
    void theIdFilterOfTheDispatchersReplayCommandSelectsOneDeadLetter() throws Exception {
        twoDeadLetters();
        String first = io.hookstream.schemas.Json.mapper()
                .readTree(dlq("list", "-o", "json").out().lines().findFirst().orElseThrow())
                .get("id")
                .asText();

        CapturedRun dry = dlq("replay", "--dry-run", "--filter", "id=" + first);

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out())
                .contains(first, prefix + "requests-2@17", "would replay 1, skipped 0 already replayed")
                .doesNotContain(prefix + "hooks.pre-backup-1@4");
    }

    @Test
    void aBadFilterIsAUsageError() {
        CapturedRun bad = dlq("replay", "--filter", "colour=red");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--filter 'colour=red' is not reason=REASON, topic=ORIGIN_TOPIC");
    }
}
