package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.DeadLetterReplayCommand;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SignatureHeaders;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code GET /v1/dead-letters} and {@code GET /v1/cluster} over real HTTP against one dispatcher on the embedded
 * broker: a dead letter the dispatcher itself writes (a malformed request) and dead letters written through
 * {@link OutboundRecords#deadLetter} in transactions, as the workers write them, listed newest first, paged, with
 * secrets masked and the replay command; the dispatcher's group with its member and lag.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLettersAndClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WRITTEN = 6;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaBroker broker;
    private Vertx vertx;
    private Dispatcher dispatcher;
    private TopicNames topics;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        this.broker = broker;
        this.vertx = Vertx.vertx();
        String prefix = "dlq-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        this.topics = new TopicNames(prefix);
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap-servers", broker.bootstrapServers(),
                "topic-prefix", prefix,
                "topic-partitions", "2",
                "templates", Path.of("..", "examples", "templates").toString(),
                "http-host", "127.0.0.1",
                "http-port", "0",
                "instance-id", "dlq-a"));
        DispatcherConfig config = DispatcherConfig.from(
                new ConfigReader(Map.of("HOOKSTREAM_HOOK_SIGNING_KEYS", TestSigning.KEYS), flags));
        dispatcher = Dispatcher.start(vertx, config).await(60, TimeUnit.SECONDS);
        await("the dispatcher owns partitions").atMost(WAIT).until(dispatcher::isAssigned);
    }

    @AfterAll
    void stop() throws Exception {
        dispatcher.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void deadLettersAreListedNewestFirstPagedMaskedAndWithTheirReplayCommand() throws Exception {
        JsonNode empty = json(get("/v1/dead-letters"), 200);
        assertThat(empty.get("deadLetters")).isEmpty();
        assertThat(empty.path("next").isNull() || empty.path("next").isMissingNode())
                .isTrue();

        // one the dispatcher writes itself: a request that is no JSON
        PlainKafka.produce(
                broker.bootstrapServers(),
                topics.requests(),
                "bad-1",
                "not json {".getBytes(StandardCharsets.UTF_8),
                Map.of());
        await("the dispatcher dead-letters the malformed request")
                .atMost(WAIT)
                .until(() ->
                        json(get("/v1/dead-letters"), 200).get("deadLetters").size() == 1);
        List<Long> times = writeDeadLettersAsWorkersDo();

        HttpResponse<String> answer = get("/v1/dead-letters?limit=200");
        example("dead-letters", answer);
        JsonNode all = json(answer, 200);
        assertThat(all.get("topic").asText()).isEqualTo(topics.dlq());
        JsonNode letters = all.get("deadLetters");
        assertThat(letters).hasSize(WRITTEN + 1);
        List<String> stamps = new ArrayList<>();
        letters.forEach(l -> stamps.add(l.get("timestamp").asText()));
        assertThat(stamps).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all.path("next").isNull() || all.path("next").isMissingNode())
                .isTrue();

        JsonNode newest = letters.get(0);
        assertThat(newest.get("reason").asText()).isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(newest.get("message").asText()).isEqualTo("signature 5 does not verify");
        assertThat(newest.get("component").asText()).isEqualTo("worker");
        assertThat(newest.get("origin").get("topic").asText())
                .isEqualTo(topics.allHooks().get(0));
        assertThat(newest.get("origin").get("offset").asLong()).isEqualTo(105);
        assertThat(newest.get("key").asText()).isEqualTo("run-5");
        assertThat(newest.get("preview").get("encoding").asText()).isEqualTo("utf-8");
        assertThat(newest.get("preview").get("text").asText())
                .contains("\"DB_PASSWORD\":\"***\"", "\"DB\":\"orders\"")
                .doesNotContain("hunter22");
        assertThat(newest.toString()).doesNotContain("hunter22", "v1=c2lnbmF0dXJl");
        assertThat(newest.get("headers").get(CloudEventHeaders.ID).asText()).isEqualTo("event-5");
        assertThat(newest.get("hiddenHeaders").toString()).contains(SignatureHeaders.SIGNATURE);
        int partition = newest.get("partition").asInt();
        long offset = newest.get("offset").asLong();
        assertThat(newest.get("replayCommand").asText())
                .isEqualTo(DeadLetterReplayCommand.render(topics, partition, offset, times.get(WRITTEN - 1)))
                .isEqualTo("hookstream dlq replay --topic-prefix " + topics.prefix() + " --since "
                        + java.time.Instant.ofEpochMilli(times.get(WRITTEN - 1)) + " --filter id=" + topics.dlq()
                        + "-" + partition + "-" + offset);
        JsonNode binary = letters.get(1);
        assertThat(binary.get("preview").get("encoding").asText()).isEqualTo("binary");
        assertThat(binary.get("preview").has("base64Prefix")).isTrue();
        JsonNode malformed = letters.get(WRITTEN);
        assertThat(malformed.get("reason").asText()).isEqualTo(Reasons.MALFORMED_RECORD);
        assertThat(malformed.get("component").asText()).isEqualTo("dispatcher");
        assertThat(malformed.get("origin").get("topic").asText()).isEqualTo(topics.requests());
        assertThat(malformed.get("key").asText()).isEqualTo("bad-1");
        assertThat(malformed.get("preview").get("text").asText()).isEqualTo("not json {");
        assertThat(malformed.get("valueBytes").asInt()).isEqualTo(10);

        List<String> paged = new ArrayList<>();
        String before = "";
        int pages = 0;
        do {
            JsonNode page = json(get("/v1/dead-letters?limit=3" + before), 200);
            assertThat(page.get("deadLetters").size()).isLessThanOrEqualTo(3);
            page.get("deadLetters").forEach(l -> paged.add(l.get("id").asText()));
            before = page.path("next").isTextual()
                    ? "&before=" + page.get("next").asText()
                    : null;
            pages++;
        } while (before != null && pages < 10);
        List<String> ids = new ArrayList<>();
        letters.forEach(l -> ids.add(l.get("id").asText()));
        assertThat(paged).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);

        JsonNode one = json(get("/v1/dead-letters?partition=1"), 200);
        assertThat(one.get("deadLetters"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.get("partition").asInt()).isEqualTo(1));

        assertThat(error(get("/v1/dead-letters?limit=201"), 400)).startsWith("limit: '201'");
        assertThat(error(get("/v1/dead-letters?limit=zero"), 400)).startsWith("limit:");
        assertThat(error(get("/v1/dead-letters?partition=-2"), 400)).startsWith("partition: '-2'");
        assertThat(error(get("/v1/dead-letters?partition=9"), 400))
                .isEqualTo("partition: " + topics.dlq() + " has no partition 9; it has partitions 0 to 1");
        assertThat(error(get("/v1/dead-letters?before=nonsense"), 400)).startsWith("before: 'nonsense'");
    }

    @Test
    void aMissingDeadLetterTopicIsAnEmptyListAndUnreachableBrokersAreUnavailable() {
        DeadLetterReader missing = new DeadLetterReader(
                KafkaClients.common(broker.bootstrapServers(), Map.of(), "dlq-it"),
                new TopicNames("nothing-" + UUID.randomUUID().toString().substring(0, 6) + "."),
                SecretParams.defaults(),
                Duration.ofSeconds(10));
        assertThat(missing.read(null, new DeadLetterCursor(Map.of()), 10))
                .isEqualTo(new DeadLetterReader.Page(missing.topic(), List.of(), null));

        DeadLetterReader unreachable = new DeadLetterReader(
                KafkaClients.common("127.0.0.1:1", Map.of(), "dlq-it"),
                topics,
                SecretParams.defaults(),
                Duration.ofSeconds(1));
        DeadLetterReader.Read read = unreachable.read(null, new DeadLetterCursor(Map.of()), 10);
        assertThat(read).isInstanceOf(DeadLetterReader.Unavailable.class);
        assertThat(((DeadLetterReader.Unavailable) read).message())
                .contains("could not be read within 1 s", "check that the Kafka brokers are reachable");
    }

    @Test
    @Order(Integer.MAX_VALUE) // it submits a request: after the dead-letter tests, which count the dlq topic
    void theClusterShowsTheDispatcherGroupWithItsMemberAndLag() throws Exception {
        HttpResponse<String> answer = get("/v1/cluster");
        example("cluster", answer);
        JsonNode cluster = json(answer, 200);

        JsonNode dispatchers = cluster.get("groups").get(0);
        assertThat(dispatchers.get("role").asText()).isEqualTo("dispatcher");
        assertThat(dispatchers.get("groupId").asText()).isEqualTo(DispatcherConfig.DEFAULT_GROUP);
        assertThat(dispatchers.get("state").asText()).isEqualTo("Stable");
        assertThat(dispatchers.get("members")).hasSize(1);
        JsonNode member = dispatchers.get("members").get(0);
        assertThat(member.get("partitions").asInt()).isEqualTo(4); // requests and results, 2 partitions each
        assertThat(member.get("clientId").asText()).isNotBlank();
        assertThat(member.get("host").asText()).isNotBlank();
        assertThat(dispatchers.get("lag").get("total").isIntegralNumber()).isTrue();
        assertThat(dispatchers.get("lag").get("topics").has(topics.requests())).isTrue();
        JsonNode workers = cluster.get("groups").get(1);
        assertThat(workers.get("role").asText()).isEqualTo("worker");
        assertThat(workers.get("groupId").asText()).isEqualTo(DispatcherConfig.DEFAULT_WORKER_GROUP);
        assertThat(workers.get("members")).isEmpty();

        JsonNode again = json(get("/v1/cluster"), 200);
        assertThat(again.get("observedAt")).as("answered from the 2 s cache").isEqualTo(cluster.get("observedAt"));

        // a request written in a transaction (as a transactional orchestrator would): once the dispatcher read it,
        // its group's committed offset names the commit marker, one offset before the end; that is no lag
        writeInATransaction(topics.requests(), "lag-probe", "{\"runId\": \"lag-probe\", \"phase\": \"pre-backup\"}");
        await("the dispatcher commits past the request, one offset before the end (the marker)")
                .atMost(WAIT)
                .until(() -> oneOffsetBehind(topics.requests()));
        java.time.Instant behind = java.time.Instant.now();
        JsonNode[] fresh = new JsonNode[1];
        await("an answer read after that (not the cached one)").atMost(WAIT).until(() -> {
            fresh[0] = json(get("/v1/cluster"), 200);
            return java.time.Instant.parse(fresh[0].get("observedAt").asText()).isAfter(behind);
        });
        assertThat(fresh[0].get("groups").get(0).get("lag").get("total").asLong())
                .as(fresh[0].toString())
                .isZero();
    }

    /** Whether the dispatchers' committed offset of some partition of {@code topic} is one before its end. */
    private boolean oneOffsetBehind(String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                KafkaClients.common(broker.bootstrapServers(), Map.of(), "dlq-it"))) {
            var committed = admin.listConsumerGroupOffsets(DispatcherConfig.DEFAULT_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            for (var entry : committed.entrySet()) {
                if (entry.getKey().topic().equals(topic)) {
                    long end = admin.listOffsets(
                                    Map.of(entry.getKey(), org.apache.kafka.clients.admin.OffsetSpec.latest()))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .get(entry.getKey())
                            .offset();
                    if (end - entry.getValue().offset() == 1) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private void writeInATransaction(String topic, String key, String value) {
        Properties props = KafkaClients.producer(KafkaClients.common(broker.bootstrapServers(), Map.of(), "dlq-it"));
        props.put("transactional.id", "dlq-it-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(
                    topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }
    }

    /**
     * Dead letters of hook events as a worker writes them: through {@link OutboundRecords#deadLetter}, one per
     * transaction (so commit markers sit between them), on both partitions, each a second newer than the last; the
     * one before the newest is no UTF-8. Returns their timestamps in order.
     */
    private List<Long> writeDeadLettersAsWorkersDo() {
        Properties props = KafkaClients.producer(KafkaClients.common(broker.bootstrapServers(), Map.of(), "dlq-it"));
        props.put("transactional.id", "dlq-it-" + UUID.randomUUID());
        List<Long> times = new ArrayList<>();
        long base = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int i = 0; i < WRITTEN; i++) {
                byte[] value = i == WRITTEN - 2
                        ? new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2, 3}
                        : ("{\"hookId\":\"h-" + i + "\",\"params\":{\"DB\":\"orders\",\"DB_PASSWORD\":\"hunter22\"}}")
                                .getBytes(StandardCharsets.UTF_8);
                List<Header> headers = List.of(
                        CloudEvents.header(CloudEventHeaders.SPEC_VERSION, "1.0"),
                        CloudEvents.header(CloudEventHeaders.ID, "event-" + i),
                        CloudEvents.header(SignatureHeaders.SIGNATURE, "v1=c2lnbmF0dXJl"));
                ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                        topics.allHooks().get(0),
                        0,
                        100 + i,
                        base,
                        TimestampType.CREATE_TIME,
                        5,
                        value.length,
                        ("run-" + i).getBytes(StandardCharsets.UTF_8),
                        value,
                        new RecordHeaders(headers),
                        Optional.empty());
                ProducerRecord<byte[], byte[]> letter = OutboundRecords.deadLetter(
                        topics.dlq(), "worker", original, Reasons.BAD_SIGNATURE, "signature " + i + " does not verify");
                long time = base + (i + 1) * 1000L;
                times.add(time);
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(
                        letter.topic(), i % 2, time, letter.key(), letter.value(), letter.headers()));
                producer.commitTransaction();
            }
        }
        return times;
    }

    /** Keeps an answer in target/ as an example of the endpoint (for docs and reviews). */
    private static void example(String name, HttpResponse<String> answer) throws Exception {
        java.nio.file.Files.writeString(
                Path.of(System.getProperty("basedir", ".")).resolve("target/example-" + name + ".json"), answer.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.httpPort() + path))
                        .timeout(WAIT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.mapper().readTree(response.body());
    }

    private static String error(HttpResponse<String> response, int status) throws Exception {
        return json(response, status).get("error").asText();
    }
}
