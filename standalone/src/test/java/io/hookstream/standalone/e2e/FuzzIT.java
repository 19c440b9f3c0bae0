package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.signing.HookEventSigner;
import io.hookstream.kafka.signing.SigningKeys;
import io.hookstream.schemas.event.Phase;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.Mutator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole system under garbage: a dispatcher and a worker on one embedded broker get random and mutated records
 * on the requests topic and on a hook topic, and random and mutated HTTP requests, with good run requests in
 * between. Every garbage record on the requests topic becomes a dead letter naming a reason, or (when a mutation is
 * still a request) a run with an outcome; every garbage record on the hook topic becomes a dead letter and nothing
 * of it runs (its action calls a canary server that must stay silent), whether unsigned (refused by the signature
 * check) or signed with the services' key (refused by the reader); every good run succeeds exactly once and
 * leaves exactly one trace; the HTTP API answers only 2xx or 4xx (4xx with a JSON error), never 5xx, never hangs.
 * Case counts: {@code -Dhookstream.fuzz.cases}, seed {@code -Dhookstream.fuzz.seed} (docs/fuzzing.md).
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzIT {

    private final Map<String, AtomicInteger> traces = new ConcurrentHashMap<>();
    private final AtomicInteger canaryCalls = new AtomicInteger();
    private HttpServer trace;
    private HttpServer canary;
    private Hookstream hookstream;
    private KafkaProducer<byte[], byte[]> producer;
    private final HookEventSigner signer = new HookEventSigner(
            SigningKeys.parse(TestSigning.KEYS, "test"), "test", Duration.ofMinutes(15), Clock.systemUTC());

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        trace = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        trace.createContext("/", exchange -> {
            String name = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            traces.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        trace.start();
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        canary.createContext("/", exchange -> {
            canaryCalls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        canary.start();
        Path templates = Files.createTempDirectory("fuzz-templates");
        Files.writeString(
                templates.resolve("fuzz.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: fuzz-trace, namespace: demo}
                spec:
                  usagePolicy: {allowedNamespaces: {from: All}}
                  action:
                    httpPost: {host: 127.0.0.1, port: %d, path: /trace, body: "{{ .Name }}"}
                  executor: {type: Operator}
                """.formatted(trace.getAddress().getPort()));
        hookstream = Hookstream.start(broker, templates);
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        hookstream.bootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        1_048_576,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    void stop() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        hookstream.close();
        trace.stop(0);
        canary.stop(0);
    }

    @Test
    void garbageOnTheRequestAndHookTopicsIsDeadLetteredOrRunWhileEveryGoodRunSucceedsOnce() throws Exception {
        long seed = Fuzz.seed();
        int requestCases = Fuzz.casesOr(150);
        int hookCases = Fuzz.casesOr(100);
        String requests = hookstream.topics.requests();
        String hooks = hookstream.topics.hooks(Phase.PRE_BACKUP);
        long started = System.nanoTime();
        List<Sent> sentRequests = new ArrayList<>();
        List<Sent> sentHooks = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < Math.max(requestCases, hookCases); i++) {
            if (i < requestCases) {
                sentRequests.add(send(Garbage.forRequests(requests, Fuzz.random("requests-topic", seed, i), i)));
            }
            if (i < hookCases) {
                Garbage.Made made = Garbage.forHooks(
                        hooks,
                        Fuzz.random("hook-topic", seed, i),
                        i,
                        canary.getAddress().getPort());
                // half signed with the services' key: past the signature check, the reader must refuse them
                sentHooks.add(send(
                        i % 2 == 0 ? new Garbage.Made(signer.sign(made.record()), "signed " + made.kind()) : made));
            }
            if (i % 5 == 0) {
                good.add(sendGood(i));
            }
        }
        good.add(sendGood(-1)); // the last record of all: the services are still up after everything before it
        producer.flush();

        Duration timeout = Duration.ofSeconds(60 + (requestCases + hookCases) / 10);
        assertGoodRunsSucceededOnce(good, timeout);
        assertHookGarbageDeadLetteredAndNeverRun(sentHooks, timeout);
        Map<String, Integer> requestFates = assertRequestGarbageDeadLetteredOrRun(sentRequests, good, timeout);

        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("fuzz requests-topic: " + requestCases + " cases, seed " + seed + " " + requestFates
                + " with " + good.size() + " good runs in " + millis + " ms");
        Map<String, Integer> hookReasons = new TreeMap<>();
        for (Sent garbage : sentHooks) {
            hookReasons.merge(
                    "dead-lettered " + PlainKafka.header(deadLetterOf(hooks, garbage.at()), "hookstream.dlq.reason"),
                    1,
                    Integer::sum);
        }
        System.out.println("fuzz hook-topic: " + hookCases + " cases, seed " + seed + " " + hookReasons);
    }

    @Test
    void theHttpApiAnswersGarbageWith4xxJsonNever5xxWhileGoodRequestsInBetweenSucceed() throws Exception {
        long seed = Fuzz.seed();
        int cases = Fuzz.casesOr(300);
        int rawCases = Math.max(1, cases / 6);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> good = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            if (i % 10 == 0) {
                good.add(postGood(http, i));
            }
            HttpGarbage.Call call = HttpGarbage.call(Fuzz.random("http-api", seed, i), i);
            int status = checkCase("http-api", seed, i, call.describe(), () -> checkAnswer(call, send(http, call)));
            statuses.merge(String.valueOf(status), 1, Integer::sum);
        }
        Map<String, Integer> rawStatuses = new TreeMap<>();
        for (int i = 0; i < rawCases; i++) {
            byte[] raw = HttpGarbage.raw(Fuzz.random("http-raw", seed, i), hookstream.httpPort());
            int status = checkCase("http-raw", seed, i, Mutator.show(raw), () -> {
                int answered = HttpGarbage.sendRaw(hookstream.httpPort(), raw, 15_000);
                // broken framing (a bad chunk) may be answered by closing the connection: -1, never a hang or 5xx;
                // an HTTP version other than 1.0 and 1.1 gets Vert.x's own 501 before any handler runs
                int allowed = HttpGarbage.hasSupportedVersion(raw) ? -1 : 501;
                assertThat(answered)
                        .as("status of a malformed request (-1: closed without an answer)")
                        .satisfiesAnyOf(
                                code -> assertThat(code).isIn(-1, allowed),
                                code -> assertThat(code).isBetween(200, 499));
                return answered;
            });
            rawStatuses.merge(String.valueOf(status), 1, Integer::sum);
        }
        good.add(postGood(http, -1));
        for (String runId : good) {
            HttpResponse<String> done = hookstream.get("/v1/runs/" + runId + "?wait=30s");
            assertThat(done.statusCode()).as("GET of good run %s", runId).isEqualTo(200);
            assertThat(Hookstream.tree(done.body()).get("status").asText())
                    .as(done.body())
                    .isEqualTo("Succeeded");
        }
        Awaitility.await("one trace per good run")
                .atMost(Duration.ofSeconds(30))
                .until(() -> good.stream().allMatch(traces::containsKey));
        good.forEach(runId ->
                assertThat(traces.get(runId).get()).as("traces of %s", runId).isEqualTo(1));
        assertThat(hookstream.get("/health/ready").statusCode()).isEqualTo(200);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("fuzz http-api: " + cases + " cases, seed " + seed + " statuses " + statuses + " with "
                + good.size() + " good runs in " + millis + " ms");
        System.out.println("fuzz http-raw: " + rawCases + " cases, seed " + seed + " statuses " + rawStatuses);
    }

    /** One case, its failure naming the target, the case, the seed and the input. */
    private static int checkCase(String target, long seed, int index, String input, Callable<Integer> check)
            throws Exception {
        try {
            return check.call();
        } catch (AssertionError | IOException e) {
            throw new AssertionError(
                    "fuzz " + target + ": case " + index + " failed (seed " + seed + "): " + e
                            + "\n  input: " + input + "\n  reproduce: mvn -o -pl standalone verify -Dit.test=FuzzIT -D"
                            + Fuzz.SEED_PROPERTY + "=" + seed,
                    e);
        }
    }

    private HttpResponse<byte[]> send(HttpClient http, HttpGarbage.Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hookstream.httpPort() + call.path()))
                .timeout(Duration.ofSeconds(15))
                .method(
                        call.method(),
                        call.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within 15 s (a hang)", e);
        }
    }

    /** 2xx, or 4xx with a JSON error; never 5xx. A 2xx is JSON but for the metrics and the console's files. */
    private static int checkAnswer(HttpGarbage.Call call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        assertThat(status).as("status").isBetween(200, 499);
        boolean hasBody = !call.method().equals("HEAD") && response.body().length > 0;
        if (status >= 400 && !call.method().equals("HEAD")) {
            assertThat(response.headers().firstValue("content-type"))
                    .as("content type of a %d", status)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode error = Hookstream.tree(response.body());
            assertThat(error.path("error").asText(error.path("message").asText()))
                    .as("error of a %d", status)
                    .isNotBlank();
        } else if (hasBody
                && !call.path().startsWith("/metrics")
                && !call.path().startsWith("/ui")) {
            assertThat(Hookstream.tree(response.body()).isObject())
                    .as("a JSON answer")
                    .isTrue();
        }
        return status;
    }

    private String postGood(HttpClient http, int index) throws Exception {
        String runId = "http-good-" + index + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hookstream.httpPort() + "/v1/runs"))
                        .timeout(Duration.ofSeconds(15))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Garbage.bytes(Garbage.request(runId, runId))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as("good request %s: %s", runId, answer.body())
                .isEqualTo(202);
        return runId;
    }

    /** A record sent, and where it landed. */
    private record Sent(Garbage.Made made, RecordMetadata at) {}

    private Sent send(Garbage.Made made) throws Exception {
        Future<RecordMetadata> at = producer.send(made.record());
        return new Sent(made, at.get());
    }

    /** A good run request on Kafka: plain JSON, or CloudEvents binary mode with the run id in ce_id. */
    private String sendGood(int index) throws Exception {
        String runId = "good-" + index + "-" + UUID.randomUUID().toString().substring(0, 8);
        boolean binaryMode = index % 2 == 0;
        var request = Garbage.request(binaryMode ? null : runId, runId);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(hookstream.topics.requests(), null, Garbage.utf8(runId), Garbage.bytes(request));
        record.headers().add(Garbage.header("content-type", "application/json"));
        if (binaryMode) {
            record.headers().add(Garbage.header("ce_specversion", "1.0"));
            record.headers().add(Garbage.header("ce_id", runId));
            record.headers().add(Garbage.header("ce_type", "io.hookstream.run.requested"));
            record.headers().add(Garbage.header("ce_source", "/fuzz"));
        }
        producer.send(record).get();
        return runId;
    }

    private void assertGoodRunsSucceededOnce(List<String> good, Duration timeout) {
        for (String runId : good) {
            JsonNode outcome = hookstream.awaitOutcome(runId, timeout);
            assertThat(outcome.get("status").asText())
                    .as("outcome of good run %s: %s", runId, outcome)
                    .isEqualTo("Succeeded");
        }
        Awaitility.await("one trace per good run")
                .atMost(timeout)
                .until(() -> good.stream().allMatch(runId -> traces.containsKey(runId)));
        for (String runId : good) {
            assertThat(hookstream.outcomesOf(runId)).as("outcomes of %s", runId).hasSize(1);
            assertThat(traces.get(runId).get()).as("traces of %s", runId).isEqualTo(1);
        }
    }

    private void assertHookGarbageDeadLetteredAndNeverRun(List<Sent> sent, Duration timeout) {
        String topic = hookstream.topics.hooks(Phase.PRE_BACKUP);
        Awaitility.await("a dead letter for every garbage hook event")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(missing(sent, topic))
                        .as("garbage hook events without a dead letter")
                        .isEmpty());
        for (Sent garbage : sent) {
            ConsumerRecord<String, byte[]> letter = deadLetterOf(topic, garbage.at());
            assertThat(PlainKafka.header(letter, "hookstream.dlq.reason"))
                    .as(garbage.made().describe())
                    .isNotBlank();
            assertThat(PlainKafka.header(letter, "hookstream.dlq.message"))
                    .as(garbage.made().describe())
                    .isNotBlank();
            assertThat(PlainKafka.header(letter, "hookstream.dlq.component")).isEqualTo("worker");
        }
        assertThat(canaryCalls.get())
                .as("calls to the canary: a garbage hook event ran")
                .isZero();
        assertThat(hookstream.allResults())
                .as("results of garbage hook events")
                .noneMatch(result -> result.path("runId").asText().startsWith("hookgarbage-"));
    }

    /**
     * Each garbage request is a dead letter, or a JSON object that became a run: one with an outcome under the run
     * id it carries, or (when it carries none the dispatcher could use) one of the outcomes under generated ids.
     */
    private Map<String, Integer> assertRequestGarbageDeadLetteredOrRun(
            List<Sent> sent, List<String> good, Duration timeout) {
        String topic = hookstream.topics.requests();
        Set<String> goodIds = new HashSet<>(good);
        Map<String, Integer> fates = new TreeMap<>();
        Awaitility.await("a dead letter or an outcome for every garbage request")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(unaccounted(sent, topic, goodIds)).isEmpty());
        Set<ByteBuffer> deadValues = deadValues(topic);
        for (Sent garbage : sent) {
            ConsumerRecord<String, byte[]> letter = deadLetterOf(topic, garbage.at());
            if (letter == null && isRerouteDeadLettered(garbage, deadValues)) {
                fates.merge("dead-lettered after a move to its run's partition", 1, Integer::sum);
            } else if (letter != null) {
                assertThat(PlainKafka.header(letter, "hookstream.dlq.reason"))
                        .as(garbage.made().describe())
                        .isNotBlank();
                assertThat(PlainKafka.header(letter, "hookstream.dlq.message"))
                        .as(garbage.made().describe())
                        .isNotBlank();
                fates.merge("dead-lettered", 1, Integer::sum);
            } else {
                fates.merge("run", 1, Integer::sum);
            }
        }
        for (ConsumerRecord<String, byte[]> outcome : hookstream.runRecords()) {
            if (!goodIds.contains(outcome.key())) {
                fates.merge(
                        "outcome "
                                + Hookstream.tree(outcome.value())
                                        .path("status")
                                        .asText(),
                        1,
                        Integer::sum);
            }
        }
        return fates;
    }

    /** The garbage requests not yet accounted for by a dead letter or an outcome (described, for the failure). */
    private List<String> unaccounted(List<Sent> sent, String topic, Set<String> goodIds) {
        Map<String, Integer> outcomes = new HashMap<>();
        for (ConsumerRecord<String, byte[]> outcome : hookstream.runRecords()) {
            if (outcome.key() != null && !goodIds.contains(outcome.key())) {
                outcomes.merge(outcome.key(), 1, Integer::sum);
            }
        }
        Set<String> claimed = new HashSet<>();
        List<Sent> anonymous = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> letters = deadLetters();
        Set<ByteBuffer> deadValues = deadValues(topic);
        for (Sent garbage : sent) {
            if (letters.containsKey(origin(topic, garbage.at())) || isRerouteDeadLettered(garbage, deadValues)) {
                continue;
            }
            if (!Garbage.isJsonObject(garbage.made().record().value())) {
                out.add("neither a dead letter nor a JSON object: "
                        + garbage.made().describe());
                continue;
            }
            String candidate = Garbage.candidateRunId(garbage.made().record());
            if (candidate != null && outcomes.containsKey(candidate)) {
                claimed.add(candidate);
            } else {
                anonymous.add(garbage);
            }
        }
        long generated =
                outcomes.keySet().stream().filter(id -> !claimed.contains(id)).count();
        if (anonymous.size() > generated) {
            anonymous.forEach(
                    garbage -> out.add("no dead letter and no outcome (" + anonymous.size() + " such, " + generated
                            + " outcomes under other ids): " + garbage.made().describe()));
        }
        return out;
    }

    private List<String> missing(List<Sent> sent, String topic) {
        Map<String, ConsumerRecord<String, byte[]>> letters = deadLetters();
        return sent.stream()
                .filter(garbage -> letters.get(origin(topic, garbage.at())) == null)
                .map(garbage -> garbage.made().describe())
                .toList();
    }

    private ConsumerRecord<String, byte[]> deadLetterOf(String topic, RecordMetadata at) {
        return deadLetters().get(origin(topic, at));
    }

    /** The dead letters so far by their origin, topic/partition/offset. */
    private Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
        Map<String, ConsumerRecord<String, byte[]>> byOrigin = new HashMap<>();
        for (ConsumerRecord<String, byte[]> letter : hookstream.deadLetters()) {
            byOrigin.put(
                    PlainKafka.header(letter, "hookstream.dlq.origin.topic") + "/"
                            + PlainKafka.header(letter, "hookstream.dlq.origin.partition") + "/"
                            + PlainKafka.header(letter, "hookstream.dlq.origin.offset"),
                    letter);
        }
        return byOrigin;
    }

    /**
     * The values of the dead letters from {@code topic}. A request in another partition than its run's is first
     * re-published there (same value), so its dead letter names that copy as its origin, not the record sent.
     */
    private Set<ByteBuffer> deadValues(String topic) {
        Set<ByteBuffer> values = new HashSet<>();
        for (ConsumerRecord<String, byte[]> letter : hookstream.deadLetters()) {
            if (topic.equals(PlainKafka.header(letter, "hookstream.dlq.origin.topic")) && letter.value() != null) {
                values.add(ByteBuffer.wrap(letter.value()));
            }
        }
        return values;
    }

    private static boolean isRerouteDeadLettered(Sent garbage, Set<ByteBuffer> deadValues) {
        byte[] value = garbage.made().record().value();
        return value != null && value.length > 0 && deadValues.contains(ByteBuffer.wrap(value));
    }

    private static String origin(String topic, RecordMetadata at) {
        return topic + "/" + at.partition() + "/" + at.offset();
    }
}
