package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.event.Phase;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret params (DB_PASSWORD) end to end: their values, printed by the hook and quoted in error messages, reach
 * no results, outcomes, dead-letter headers, HTTP answers or log lines; a non-secret param (DB_HOST) still does.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretHygieneIT {

    private static final String SECRET = "s3cr3t-value";

    private final StringWriter logs = new StringWriter();
    private WriterAppender appender;
    private Hookstream hookstream;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder()
                .setName("secret-hygiene")
                .setTarget(logs)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%c - %msg %throwable%n")
                        .build())
                .build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        hookstream = Hookstream.start(broker, "secrets.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }

    @Test
    void secretParamValuesAreScrubbedEverywhereWhileOtherParamsStayVisible() throws Exception {
        String printing = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook(
                        "dump",
                        "exec-secret",
                        null,
                        Map.of(
                                "DB_PASSWORD",
                                SECRET,
                                "COUNTER",
                                tmp.resolve("counter").toString()),
                        2,
                        "10s",
                        null)
                .json());
        String quoting = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("start", "exec-secret-program", null, Map.of("DB_PASSWORD", SECRET), 1, "10s", null)
                .json());
        byte[] badEvent =
                ("{\"hookId\": \"x/0\", \"runId\": \"x\", \"phase\": \"nope\", \"params\": {\"DB_PASSWORD\": \""
                                + SECRET + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        PlainKafka.produce(hookstream.bootstrap(), hookstream.topics.hooks(Phase.PRE_BACKUP), "x", badEvent, Map.of());

        JsonNode printed = hookstream.awaitOutcome(printing);
        JsonNode quoted = hookstream.awaitOutcome(quoting);
        List<ConsumerRecord<String, byte[]>> dead = hookstream.awaitDeadLetters(1);

        // the hooks really ran with the secret: it was printed (masked), failed once, quoted in an error (masked)
        assertThat(printed.get("status").asText()).isEqualTo("Succeeded");
        assertThat(printed.get("hooks").get(0).get("attempts").asInt()).isEqualTo(2);
        JsonNode target = hookstream.resultsOf(printing).get(0).get("targets").get(0);
        assertThat(target.get("stdout").asText()).contains("connecting to db.internal with *** as ***");
        assertThat(target.get("stderr").asText()).contains("auth *** rejected");
        assertThat(quoted.get("status").asText()).isEqualTo("Failed");
        JsonNode quotedResult = hookstream.resultsOf(quoting).get(0);
        assertThat(quotedResult.get("reason").asText()).isEqualTo("ExecFailed");
        assertThat(quotedResult.get("message").asText()).contains("/nonexistent/***");
        assertThat(quoted.get("message").asText()).contains("/nonexistent/***");

        assertThat(hookstream.allResults()).extracting(JsonNode::toString).allSatisfy(this::hasNoSecret);
        assertThat(hookstream.runRecords())
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .allSatisfy(this::hasNoSecret);
        assertThat(dead).isNotEmpty();
        for (ConsumerRecord<String, byte[]> letter : dead) {
            for (Header header : letter.headers()) {
                hasNoSecret(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        for (String runId : List.of(printing, quoting)) {
            var answer = hookstream.get("/v1/runs/" + runId);
            assertThat(answer.statusCode()).isEqualTo(200);
            hasNoSecret(answer.body());
        }
        // the run view shows the rendered action, each attempt and the targets, the secret masked in all of them
        JsonNode viewed = Hookstream.tree(hookstream.get("/v1/runs/" + printing).body())
                .get("hooks")
                .get(0);
        JsonNode command = viewed.get("action").get("exec").get("command");
        assertThat(command.get(2).asText()).contains("echo \"auth *** rejected\"");
        assertThat(command.get(4).asText()).isEqualTo("***");
        assertThat(viewed.get("executor").asText()).isEqualTo("Operator");
        JsonNode history = viewed.get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("status").asText()).isEqualTo("Failed");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("NonZeroExit");
        assertThat(history.get(0).get("backoffMs").asLong())
                .as("--retry-backoff 50ms")
                .isBetween(1L, 50L);
        assertThat(history.get(1).get("status").asText()).isEqualTo("Succeeded");
        assertThat(history.get(1).has("backoffMs"))
                .as("no attempt after the last")
                .isFalse();
        Instant dispatched = Instant.parse(viewed.get("dispatchedAt").asText());
        Instant started = Instant.parse(viewed.get("startedAt").asText());
        Instant finished = Instant.parse(viewed.get("finishedAt").asText());
        assertThat(Instant.parse(history.get(0).get("startedAt").asText())).isBetween(started, started.plusSeconds(1));
        assertThat(Instant.parse(history.get(1).get("startedAt").asText()))
                .isAfter(started)
                .isBefore(finished);
        assertThat(finished).isAfter(started);
        assertThat(started).isAfterOrEqualTo(dispatched.minusSeconds(1)); // the worker's clock against the dispatcher's
        assertThat(viewed.get("targets").get(0).get("stdout").asText())
                .contains("connecting to db.internal with *** as ***");
        String logged = logs.toString();
        assertThat(logged).contains("runId=" + printing, "runId=" + quoting, "/nonexistent/***");
        hasNoSecret(logged);
    }

    private void hasNoSecret(String text) {
        assertThat(text).doesNotContain(SECRET).doesNotContain("s3cr3t");
    }
}
