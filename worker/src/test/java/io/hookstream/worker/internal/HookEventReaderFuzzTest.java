package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import io.hookstream.worker.executor.internal.Endpoint;
import io.hookstream.worker.executor.internal.HttpRequestSpec;
import io.hookstream.worker.executor.internal.InvalidActionException;
import io.hookstream.worker.executor.pod.internal.InvalidSelectorException;
import io.hookstream.worker.executor.pod.internal.SelectorParser;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random hook events through the worker's reader, then through what the executors read of a
 * readable event before anything runs (endpoints, HTTP requests, the pod selector): the reader never throws, and
 * refuses with a problem that says what is wrong; the action parts are read or refused with the executors' own
 * checked exceptions naming the field; the dispatcher's events read unchanged.
 */
class HookEventReaderFuzzTest {

    private static final String COMMON = """
            "hookId": "run-1/0", "runId": "run-1", "phase": "pre-backup", "hookIndex": 0, "hookCount": 2,
            "hookName": "flush", "template": {"name": "t", "namespace": "demo"},
            "session": {"name": "s", "namespace": "demo", "invoker": {"kind": "BackupConfiguration", "name": "b"}},
            "params": {"DB": "orders", "TOKEN": "secret-value"}, "maxRetry": 1, "timeout": "30s",
            "dispatchedAt": "2026-01-01T00:00:00Z",
            """;
    private static final List<String> SEEDS = List.of(
            "{" + COMMON + """
             "executor": {"type": "Operator"},
             "action": {"exec": {"command": ["/bin/sh", "-c", "echo 'orders'"]}}}""",
            "{" + COMMON + """
             "executor": {"type": "Operator"},
             "action": {"httpGet": {"host": "127.0.0.1", "port": 8080, "path": "/health", "scheme": "HTTP",
               "httpHeaders": [{"name": "X-Check", "value": "pre"}]},
              "tcpSocket": {"host": "localhost", "port": 5432}}}""",
            "{" + COMMON + """
             "executor": {"type": "Operator"},
             "action": {"httpPost": {"port": "8080", "path": "notify", "body": "{\\"text\\": \\"done\\"}"},
              "containerName": "app"}}""",
            "{" + COMMON + """
             "executor": {"type": "Operator"},
             "action": {"httpPost": {"port": 80, "form": [{"key": "db", "values": ["a", "b c"]}]}}}""",
            "{" + COMMON + """
             "executor": {"type": "Pod", "pod": {"selector": "app=mysql,tier in (db)", "strategy": "ExecuteOnAll"}},
             "action": {"exec": {"command": ["mysql", "-e", "FLUSH TABLES"]}}}""",
            "{" + COMMON + """
             "executor": {"type": "Function", "function": {"name": "pg-dump", "env": [{"name": "A", "value": "b"}]}},
             "variables": [{"name": "MODE", "value": "fast"}], "volumes": [{"name": "scratch", "emptyDir": {}}],
             "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
             "runtimeSettings": {"container": {"resources": {"limits": {"memory": "64Mi"}}}}}""");

    private record Input(byte[] value, boolean pristine) {
        @Override
        public String toString() {
            return Mutator.show(value) + (pristine ? " (a seed event, unchanged)" : "");
        }
    }

    @Test
    void everyHookEventIsReadOrRefusedSayingWhatIsWrong() {
        Map<String, Integer> seen = Fuzz.<Input>target("hook-event-reader")
                .cases(3000)
                .deadline(Duration.ofSeconds(5))
                .describe(Input::toString)
                .reproduceWith("-pl worker test -Dtest=HookEventReaderFuzzTest")
                .run(HookEventReaderFuzzTest::generate, HookEventReaderFuzzTest::check);

        assertThat(seen.getOrDefault("refused", 0)).as("events refused").isGreaterThan(1000);
        assertThat(seen.getOrDefault("read", 0) + seen.getOrDefault("read, action refused", 0))
                .as("events read")
                .isGreaterThan(300);
        assertThat(seen.getOrDefault("read, action refused", 0))
                .as("events whose action is refused")
                .isPositive();
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        JsonMutator json = new JsonMutator(mutator, 5000);
        String seed = mutator.pick(SEEDS);
        JsonNode tree = tree(seed);
        return switch (random.nextInt(20)) {
            case 0 -> new Input(Mutator.utf8(seed), true);
            case 1 -> new Input(new byte[0], false);
            case 2, 3 -> new Input(mutator.randomBytes(300), false);
            case 4 -> new Input(Mutator.utf8(json.randomTree(4).toString()), false);
            case 5 ->
                new Input(Mutator.utf8(JsonMutator.nested(1 + random.nextInt(5000), random.nextBoolean())), false);
            case 6, 7 -> new Input(mutator.mutateBytes(Mutator.utf8(seed), 4), false);
            case 8 -> new Input(mutator.mutateBytes(Mutator.utf8(json.mutate(tree, 2)), 2), false);
            default -> new Input(Mutator.utf8(json.mutate(tree, 1 + random.nextInt(3))), false);
        };
    }

    private static String check(Input input) {
        HookEventReader.Read read = HookEventReader.read(input.value());
        if (!read.ok()) {
            assertThat(input.pristine())
                    .as("a seed event was refused: %s", read.problem())
                    .isFalse();
            assertThat(read.problem()).matches("(?s)(empty value|not a hook event|hook event ).+");
            return "refused";
        }
        HookEvent event = read.event();
        assertThat(event.hookId()).isNotBlank();
        assertThat(event.runId()).isNotBlank();
        assertThat(read.timeout()).isPositive();
        assertThat(HookEventProcessor.executionOf(event, read.timeout())).isNotNull();
        return actionIsReadable(event) ? "read" : "read, action refused";
    }

    /** What the executors read of the event before anything runs; false when they refuse it. */
    private static boolean actionIsReadable(HookEvent event) {
        try {
            if (event.executor().type() == ExecutorType.Pod) {
                SelectorParser.parse(
                        event.executor().pod() == null
                                ? null
                                : event.executor().pod().selector());
            }
            HookAction action = event.action();
            if (action == null) {
                return true;
            }
            if (action.httpGet() != null) {
                HttpRequestSpec.get(action.httpGet());
            }
            if (action.httpPost() != null) {
                HttpRequestSpec.post(action.httpPost());
            }
            if (action.tcpSocket() != null) {
                Endpoint.of(
                        "action.tcpSocket",
                        null,
                        action.tcpSocket().host(),
                        action.tcpSocket().port());
            }
            return true;
        } catch (InvalidActionException e) {
            assertThat(e.getMessage()).startsWith("action.");
            return false;
        } catch (InvalidSelectorException e) {
            assertThat(e.getMessage()).contains("executor.pod.selector");
            return false;
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
