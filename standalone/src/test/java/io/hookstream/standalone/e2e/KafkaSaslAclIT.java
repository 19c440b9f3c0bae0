package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.cli.Cli;
import io.hookstream.cli.DlqCommand;
import io.hookstream.cli.RunCommand;
import io.hookstream.cli.RunsCommand;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * hookstream's Kafka access control on a broker with SASL/PLAIN and ACLs (issue 6): the real dispatcher and
 * worker run with the least ACLs of docs/kafka-acls.md; principals without Write on the hook topics cannot
 * inject work, a worker cannot write run requests, a wrong password is refused, and logins stay out of the logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSaslAclIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path tmp;
    private final StringWriter logs = new StringWriter();
    private WriterAppender appender;
    private SaslStack stack;
    private RecordCollector runs;
    private RecordCollector results;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder()
                .setName("kafka-sasl-acl")
                .setTarget(logs)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%c - %msg %throwable%n")
                        .build())
                .build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        stack = SaslStack.start(tmp);
        // the orchestrator's view: outcomes and results, read with its own login (Read, no group)
        runs = RecordCollector.assign(stack.bootstrap(), stack.topics.runs(), stack.login("orchestrator"));
        results = RecordCollector.assign(stack.bootstrap(), stack.topics.results(), stack.login("orchestrator"));
    }

    @AfterAll
    void stop() {
        try {
            if (runs != null) {
                runs.close();
                results.close();
            }
            if (stack != null) {
                stack.close();
            }
        } finally {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
    }

    @Test
    void runsRequestedByTheOrchestratorAndOverHttpCompleteWithTheLeastAcls() throws Exception {
        Path mark = tmp.resolve("mark-kafka");
        String viaKafka = Hookstream.newRunId("sasl-kafka");
        send("orchestrator", stack.topics.requests(), viaKafka, request(viaKafka, "touch-mark", mark));
        // over HTTP the dispatcher publishes the request itself; the failure makes it write a Skipped result
        String viaHttp = Hookstream.newRunId("sasl-http");
        HttpResponse<String> posted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/v1/runs"))
                                .header("content-type", "application/json")
                                .timeout(WAIT)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        new String(request(viaHttp, "always-fail", null), StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        JsonNode succeeded = awaitOutcome(viaKafka);
        JsonNode failed = awaitOutcome(viaHttp);

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(succeeded.get("status").asText()).isEqualTo("Succeeded");
        assertThat(mark).exists();
        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("hooks"))
                .extracting(h -> h.get("status").asText())
                .containsExactly("Failed", "Skipped");
        results.await(list -> list.stream().filter(r -> viaHttp.equals(r.key())).count() == 2, WAIT);
    }

    @Test
    void anOrchestratorsCancelOnKafkaStopsARunWithTheLeastAcls() throws Exception {
        String runId = Hookstream.newRunId("sasl-cancel");
        var request = Requests.preBackup("demo")
                .hook("long", "cancellable", Map.of("DIR", tmp.toString(), "HOOK", runId))
                .json()
                .put("runId", runId);
        send("orchestrator", stack.topics.requests(), runId, Hookstream.bytes(request));
        Path pids = tmp.resolve(runId + ".pids");
        Awaitility.await("the hook running").atMost(WAIT).until(() -> Files.exists(pids));

        try (KafkaProducer<String, byte[]> producer = producer(stack.login("orchestrator"), Map.of())) {
            ProducerRecord<String, byte[]> cancel = new ProducerRecord<>(
                    stack.topics.requests(),
                    runId,
                    ("{\"runId\": \"" + runId + "\", \"reason\": \"least ACLs\"}").getBytes(StandardCharsets.UTF_8));
            cancel.headers()
                    .add(
                            CloudEventHeaders.TYPE,
                            CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED.getBytes(StandardCharsets.UTF_8));
            producer.send(cancel).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        JsonNode outcome = awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
        assertThat(outcome.get("hooks").get(0).get("status").asText())
                .as("stopped by the worker, not timed out")
                .isEqualTo("Cancelled");
        assertThat(outcome.get("message").asText()).contains("least ACLs", "was stopped");
    }

    @Test
    void anOperatorReplaysDeadLetteredRequestsWithTheDocumentedAcls() throws Exception {
        String key = Hookstream.newRunId("sasl-replay");
        RecordCollector dlq = RecordCollector.assign(stack.bootstrap(), stack.topics.dlq(), stack.login("operator"));
        try (dlq) {
            send("orchestrator", stack.topics.requests(), key, "this is no JSON".getBytes(StandardCharsets.UTF_8));
            dlq.await(list -> list.stream().anyMatch(r -> key.equals(r.key())), WAIT);
            Path file = SaslStack.propertiesFile(tmp.resolve("operator.properties"), stack.login("operator"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int replayed = Cli.execute(
                    new DlqCommand(),
                    new PrintWriter(out),
                    new PrintWriter(err),
                    "replay",
                    "--bootstrap-servers",
                    stack.bootstrap(),
                    "--kafka-properties-file",
                    file.toString(),
                    "--filter",
                    "topic=" + stack.topics.requests(),
                    "--filter",
                    "reason=MalformedRecord");

            assertThat(replayed)
                    .as("dlq replay exit code; out: %s; stderr: %s", out, err)
                    .isZero();
            // the replayed request is read again by the dispatcher, which dead-letters it again
            dlq.await(list -> list.stream().filter(r -> key.equals(r.key())).count() >= 2, WAIT);
            assertThat(out.toString()).startsWith("replayed ").contains("skipped 0 already replayed");
        }
    }

    @Test
    void recordsTheServicesCannotReadAreDeadLetteredWithTheirOwnAcls() throws Exception {
        String hooks = stack.topics.hooks(Phase.POST_RESTORE);
        send("orchestrator", stack.topics.requests(), "garbage-request", new byte[] {(byte) 0xff, 0x01});
        // only a super user may write a hook topic besides the dispatcher
        send(stack.login("admin"), hooks, "garbage-hook", new byte[] {(byte) 0xff, 0x02});

        try (RecordCollector dlq =
                RecordCollector.assign(stack.bootstrap(), stack.topics.dlq(), stack.login("admin"))) {
            List<ConsumerRecord<String, byte[]>> letters = dlq.await(
                    list -> list.stream()
                                    .filter(r -> List.of("garbage-request", "garbage-hook")
                                            .contains(r.key()))
                                    .count()
                            == 2,
                    WAIT);
            assertThat(letters)
                    .filteredOn(r -> List.of("garbage-request", "garbage-hook").contains(r.key()))
                    .extracting(r -> PlainKafka.header(r, "hookstream.dlq.component") + "<-"
                            + PlainKafka.header(r, "hookstream.dlq.origin.topic"))
                    .containsExactlyInAnyOrder("dispatcher<-" + stack.topics.requests(), "worker<-" + hooks);
        }
    }

    @Test
    void principalsWithoutWriteOnTheHookTopicsCannotInjectWork() throws Exception {
        String hooks = stack.topics.hooks(Phase.PRE_BACKUP);
        Path intruderMark = tmp.resolve("forged-by-intruder");
        Path orchestratorMark = tmp.resolve("forged-by-orchestrator");

        assertThatThrownBy(() -> send("intruder", hooks, "forged-1", forgedHook("forged-1", intruderMark)))
                .isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(hooks);
        assertThatThrownBy(() -> send("orchestrator", hooks, "forged-2", forgedHook("forged-2", orchestratorMark)))
                .isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(hooks);
        // nor may anyone else write with the workers' (or the dispatcher's) transactional ids
        assertThatThrownBy(() -> initTransactions("intruder", "hookstream-worker-forged"))
                .isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThatThrownBy(() -> initTransactions("orchestrator", "hookstream-dispatcher-forged"))
                .isInstanceOf(TransactionalIdAuthorizationException.class);

        // a good run afterwards: the worker consumes the hook topic and runs what the dispatcher sends
        Path goodMark = tmp.resolve("mark-after-forgeries");
        String good = Hookstream.newRunId("sasl-good");
        send("orchestrator", stack.topics.requests(), good, request(good, "touch-mark", goodMark));
        assertThat(awaitOutcome(good).get("status").asText()).isEqualTo("Succeeded");
        assertThat(goodMark).exists();
        assertThat(intruderMark).doesNotExist();
        assertThat(orchestratorMark).doesNotExist();
        try (RecordCollector hookEvents = RecordCollector.assign(stack.bootstrap(), hooks, stack.login("admin"))) {
            List<ConsumerRecord<String, byte[]>> events =
                    hookEvents.await(list -> list.stream().anyMatch(r -> good.equals(r.key())), WAIT);
            assertThat(events).extracting(ConsumerRecord::key).doesNotContain("forged-1", "forged-2");
        }
    }

    @Test
    void theWorkerPrincipalCannotWriteRunRequestsNorHookEvents() {
        String runId = Hookstream.newRunId("by-worker");
        Path mark = tmp.resolve("mark-by-worker");

        assertThatThrownBy(() -> send("worker", stack.topics.requests(), runId, request(runId, "touch-mark", mark)))
                .isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(stack.topics.requests());
        assertThatThrownBy(() -> send("worker", stack.topics.hooks(Phase.PRE_BACKUP), runId, forgedHook(runId, mark)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send("worker", stack.topics.runs(), runId, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsRefusedWithAnAuthenticationError() {
        Map<String, String> wrong = EmbeddedKafkaBroker.saslPlainClientProperties("orchestrator", "guessed-pw");
        String runId = Hookstream.newRunId("wrong-pw");

        assertThatThrownBy(() -> send(
                        wrong,
                        stack.topics.requests(),
                        runId,
                        request(runId, "touch-mark", tmp.resolve("mark-wrong-pw"))))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Authentication failed");
    }

    @Test
    void theCliRunsAndReadsResultsWithSaslSettingsFromAPropertiesFile() throws Exception {
        Path file = SaslStack.propertiesFile(tmp.resolve("orchestrator.properties"), stack.login("orchestrator"));
        Path mark = tmp.resolve("mark-cli");
        String runId = Hookstream.newRunId("sasl-cli");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int ran = Cli.execute(
                new RunCommand(),
                new PrintWriter(out),
                new PrintWriter(err),
                "--bootstrap-servers",
                stack.bootstrap(),
                "--kafka-properties-file",
                file.toString(),
                "--run-id",
                runId,
                "--phase",
                "pre-backup",
                "--invoker",
                "demo/BackupConfiguration/mysql-backup",
                "--hook",
                "mark=touch-mark",
                "--param",
                "MARK=" + mark,
                "--wait",
                "30s");
        assertThat(ran).as("run --wait exit code; stderr: %s", err).isZero();
        assertThat(mark).exists();

        StringWriter shown = new StringWriter();
        int got = Cli.execute(
                new RunsCommand(),
                new PrintWriter(shown),
                new PrintWriter(err),
                "get",
                runId,
                "--bootstrap-servers",
                stack.bootstrap(),
                "--kafka-properties-file",
                file.toString(),
                "-o",
                "json");
        assertThat(got).as("runs get exit code; stderr: %s", err).isZero();
        JsonNode shownRun = Hookstream.tree(shown.toString());
        assertThat(shownRun.at("/outcome/status").asText()).isEqualTo("Succeeded");
        assertThat(shownRun.get("results"))
                .singleElement()
                .satisfies(result -> assertThat(result.get("status").asText()).isEqualTo("Succeeded"));
    }

    @Test
    void kafkaLoginsAreRedactedInTheStartUpLog() {
        String logged = logs.toString();

        // the dispatcher's login came from HOOKSTREAM_KAFKA_* variables, the worker's from a properties file
        for (String component : List.of("dispatcher", "worker")) {
            assertThat(logged.lines().filter(line -> line.contains("starting " + component + " with")))
                    .singleElement()
                    .asString()
                    .contains(
                            "sasl.jaas.config=[redacted]", "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN");
        }
        SaslStack.PASSWORDS.values().forEach(password -> assertThat(logged).doesNotContain(password));
    }

    private JsonNode awaitOutcome(String runId) {
        return runs.await(list -> list.stream().anyMatch(r -> runId.equals(r.key())), WAIT).stream()
                .filter(r -> runId.equals(r.key()))
                .map(r -> Hookstream.tree(r.value()))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] request(String runId, String template, Path mark) {
        Requests request = Requests.preBackup("demo");
        if (mark == null) {
            request.hook("fail", template, null).hook("after", "touch-mark", Map.of("MARK", "/nonexistent/x"));
        } else {
            request.hook("mark", template, Map.of("MARK", mark.toString()));
        }
        var json = request.json();
        json.put("runId", runId);
        return Hookstream.bytes(json);
    }

    /** A hook event as the dispatcher would write it, whose exec leaves {@code mark} behind if it ever runs. */
    private static byte[] forgedHook(String runId, Path mark) throws Exception {
        SessionSummary session = new SessionSummary(
                "s", "demo", new ObjectReference("core.kubestash.com", "BackupConfiguration", null, "b"), null, null);
        HookEvent event = new HookEvent(
                HookEvent.hookIdOf(runId, 0),
                runId,
                Phase.PRE_BACKUP,
                0,
                1,
                "forged",
                new TemplateRef("touch-mark", "demo"),
                session,
                new HookExecutor(ExecutorType.Operator, null, null),
                new HookAction(
                        new ExecAction(List.of("/bin/sh", "-c", "touch '" + mark + "'")), null, null, null, null),
                Map.of(),
                0,
                "30s",
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
        return Json.mapper().writeValueAsBytes(event);
    }

    private void send(String user, String topic, String key, byte[] value) throws Exception {
        send(stack.login(user), topic, key, value);
    }

    /** Produces one record with the given login and waits for it; throws what Kafka answered. */
    private void send(Map<String, String> login, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(login, Map.of())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void initTransactions(String user, String transactionalId) {
        try (KafkaProducer<String, byte[]> producer =
                producer(stack.login(user), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
            producer.initTransactions();
        }
    }

    private KafkaProducer<String, byte[]> producer(Map<String, String> login, Map<String, String> extra) {
        Map<String, Object> config = new HashMap<>(login);
        config.putAll(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
