package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.hookstream.testing.MutableClock;
import io.hookstream.testing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's view carries each hook's detail (executor, masked action, dispatch, start and finish times, attempts,
 * targets), bounded, in the snapshot and in the outcome, and keeps it across a restore.
 */
class RunViewDetailTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final String SECRET = "hunter22-s3cret";
    private static final TopicNames TOPICS = TopicNames.defaults();

    private static CatalogSnapshot catalog;

    private final MutableClock clock = new MutableClock(T0);
    private final RunBook book = new RunBook(
            new OutboundEvents(TOPICS, "/hookstream/dispatcher/detail", null),
            new RequestValidator(DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()))),
            () -> catalog,
            Duration.ofHours(1),
            SecretParams.defaults(),
            new HookDeadlines(Duration.ofSeconds(20)),
            clock);

    @BeforeAll
    static void loadTemplates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dump.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: dump, namespace: demo}
                spec:
                  params: [{name: DB_PASSWORD, default: none}, {name: TABLE, default: users}]
                  action:
                    exec: {command: ["/bin/dump", "--password={{ .Params.DB_PASSWORD }}", "{{ .Params.TABLE }}"]}
                    httpPost:
                      path: /done
                      port: 8080
                      host: example.org
                      httpHeaders: [{name: X-Table, value: "t"}]
                      body: "table={{ .Params.TABLE }}&pw={{ .Params.DB_PASSWORD }}"
                  executor: {type: Operator}
                """, StandardCharsets.UTF_8);
        catalog = new TemplateDirectory(dir).load();
        assertThat(catalog.find("demo", "dump")).as("the test template loaded").isPresent();
    }

    @Test
    void anAcceptedRunShowsEachHooksExecutorAndMaskedActionAndWhenItsFirstHookWasDispatched() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records =
                book.submit(request("run-1", "a", "b"), 0).records();

        HookEvent event = Json.mapper().readValue(records.get(0).value(), HookEvent.class);
        assertThat(event.action().exec().command())
                .as("the worker gets the real value")
                .contains("--password=" + SECRET);
        RunOutcome view = snapshot(records.get(1)).view();
        HookOutcome first = view.hooks().get(0);
        assertThat(first.executor()).isEqualTo(ExecutorType.Operator);
        assertThat(first.dispatchedAt()).isEqualTo(T0);
        assertThat(first.startedAt()).isNull();
        assertThat(first.action().exec().command()).containsExactly("/bin/dump", "--password=***", "users");
        assertThat(first.action().httpPost().body()).isEqualTo("table=users&pw=***");
        assertThat(first.action().httpPost().host()).isEqualTo("example.org");
        HookOutcome second = view.hooks().get(1);
        assertThat(second.status()).isEqualTo(HookStatus.Pending);
        assertThat(second.dispatchedAt()).as("not dispatched yet").isNull();
        assertThat(second.action().exec().command()).contains("--password=***");
        assertThat(Json.mapper().writeValueAsString(view)).doesNotContain(SECRET);
    }

    @Test
    void aSecretParamsValueNeverAppearsInAViewOrAnOutcome() throws Exception {
        List<ProducerRecord<byte[], byte[]>> all =
                new ArrayList<>(book.submit(request("run-1", "a"), 0).records());
        clock.advance(Duration.ofSeconds(3));
        HookResult leaky = result(
                "run-1",
                0,
                "a",
                HookStatus.Failed,
                List.of(new TargetResult(
                        "op " + SECRET, 1, null, "connecting with " + SECRET, "…" + SECRET.substring(5), SECRET)),
                List.of(attempt(1, T0.plusSeconds(1), HookStatus.Failed, null)));

        all.addAll(book.onResult(leaky).records());

        List<String> shown = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : all) {
            if (r.topic().equals(TOPICS.runs())) {
                shown.add(new String(r.value(), StandardCharsets.UTF_8));
            } else if (r.topic().equals(TOPICS.dispatcherState())) {
                shown.add(Json.mapper().writeValueAsString(snapshot(r).view()));
            }
        }
        assertThat(shown)
                .hasSize(3)
                .allSatisfy(json -> assertThat(json).doesNotContain(SECRET).doesNotContain("s3cret"));
        RunOutcome outcome = Json.mapper().readValue(shown.get(1), RunOutcome.class);
        assertThat(outcome.hooks().get(0).targets()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("op ***");
            assertThat(t.stdout()).isEqualTo("connecting with ***");
            assertThat(t.stderr()).isEqualTo("…***");
            assertThat(t.error()).isEqualTo("***");
        });
    }

    @Test
    void aResultGivesItsHookItsTimesAttemptsAndTargetsAndTheNextHookItsDispatchTime() throws Exception {
        book.submit(request("run-1", "a", "b"), 0);
        clock.advance(Duration.ofSeconds(5));
        List<AttemptRecord> history = List.of(
                attempt(1, T0.plusMillis(100), HookStatus.Failed, 1000L),
                attempt(2, T0.plusMillis(1300), HookStatus.Succeeded, null));

        List<ProducerRecord<byte[], byte[]>> records = book.onResult(result(
                        "run-1",
                        0,
                        "a",
                        HookStatus.Succeeded,
                        List.of(new TargetResult("operator", 0, null, "dumped\n", null, null)),
                        history))
                .records();

        RunOutcome view = snapshot(records.get(1)).view();
        HookOutcome a = view.hooks().get(0);
        assertThat(a.dispatchedAt()).isEqualTo(T0);
        assertThat(a.startedAt()).isEqualTo(T0.plusMillis(100));
        assertThat(a.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(a.history()).isEqualTo(history);
        assertThat(a.omittedAttempts()).isNull();
        assertThat(a.targets()).extracting(TargetResult::stdout).containsExactly("dumped\n");
        assertThat(a.action()).as("kept from acceptance").isNotNull();
        assertThat(view.hooks().get(1).dispatchedAt()).isEqualTo(T0.plusSeconds(5));

        clock.advance(Duration.ofSeconds(2));
        List<ProducerRecord<byte[], byte[]>> end = book.onResult(
                        result("run-1", 1, "b", HookStatus.Succeeded, List.of(), List.of()))
                .records();
        RunOutcome outcome = Json.mapper().readValue(end.get(0).value(), RunOutcome.class);
        assertThat(end.get(0).topic()).isEqualTo(TOPICS.runs());
        assertThat(outcome.hooks().get(0))
                .as("the outcome on the runs topic carries the detail")
                .isEqualTo(a);
    }

    @Test
    void hooksSkippedAfterAFailureHaveAFinishTimeButNoStart() throws Exception {
        book.submit(request("run-1", "a", "b"), 0);
        clock.advance(Duration.ofSeconds(4));

        List<ProducerRecord<byte[], byte[]>> records = book.onResult(result(
                        "run-1",
                        0,
                        "a",
                        HookStatus.Failed,
                        List.of(),
                        List.of(attempt(1, T0, HookStatus.Failed, null))))
                .records();

        RunOutcome outcome = Json.mapper().readValue(records.get(1).value(), RunOutcome.class);
        HookOutcome skipped = outcome.hooks().get(1);
        assertThat(skipped.status()).isEqualTo(HookStatus.Skipped);
        assertThat(skipped.reason()).isEqualTo(Reasons.PREVIOUS_HOOK_FAILED);
        assertThat(skipped.dispatchedAt()).isNull();
        assertThat(skipped.startedAt()).isNull();
        assertThat(skipped.finishedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(skipped.executor()).isEqualTo(ExecutorType.Operator);
    }

    @Test
    void aHookKeepsAtMostTenTargetsAndCountsTheRest() throws Exception {
        book.submit(request("run-1", "a"), 0);
        List<TargetResult> pods = IntStream.range(0, 13)
                .mapToObj(i -> new TargetResult("pod-" + i, 0, null, "ok", null, null))
                .toList();

        List<ProducerRecord<byte[], byte[]>> records = book.onResult(
                        result("run-1", 0, "a", HookStatus.Succeeded, pods, List.of()))
                .records();

        HookOutcome a = Json.mapper()
                .readValue(records.get(0).value(), RunOutcome.class)
                .hooks()
                .get(0);
        assertThat(a.targets()).hasSize(HookOutcome.MAX_TARGETS);
        assertThat(a.targets().get(9).name()).isEqualTo("pod-9");
        assertThat(a.omittedTargets()).isEqualTo(3);
    }

    @Test
    void theOutputTailsOfAWholeViewStayWithinItsBudgetKeepingTheirEnds() throws Exception {
        int hooks = 12;
        String[] names = IntStream.range(0, hooks).mapToObj(i -> "h" + i).toArray(String[]::new);
        book.submit(request("run-1", names), 0);
        String tail = "x".repeat(3996) + "end\n";
        List<ProducerRecord<byte[], byte[]>> last = List.of();
        for (int i = 0; i < hooks; i++) {
            List<TargetResult> pods = IntStream.range(0, 3)
                    .mapToObj(p -> new TargetResult("pod", 0, null, tail, tail, null))
                    .toList();
            last = book.onResult(result("run-1", i, names[i], HookStatus.Succeeded, pods, List.of()))
                    .records();
        }

        RunOutcome outcome = Json.mapper().readValue(last.get(0).value(), RunOutcome.class);
        int chars = outcome.hooks().stream()
                .flatMap(h -> h.targets().stream())
                .mapToInt(t -> t.stdout().length() + t.stderr().length())
                .sum();
        assertThat(chars)
                .as("12 hooks x 3 pods x 2 tails of 4000 characters is 288,000 characters of output")
                .isBetween(ViewTargets.OUTPUT_BUDGET_CHARS - 100, ViewTargets.OUTPUT_BUDGET_CHARS + 100);
        assertThat(outcome.hooks().get(0).targets().get(0).stdout()).isEqualTo(tail);
        assertThat(outcome.hooks().get(hooks - 1).targets())
                .as("past the budget: each tail is just the truncation mark, targets and exit codes stay")
                .hasSize(3)
                .allSatisfy(t -> {
                    assertThat(t.stdout()).isEqualTo(SecretParams.TRUNCATION_MARK);
                    assertThat(t.exitCode()).isZero();
                });
        assertThat(outcome.hooks())
                .flatExtracting(HookOutcome::targets)
                .filteredOn(t -> t.stdout().length() > 1 && t.stdout().length() < tail.length())
                .singleElement()
                .satisfies(cut -> assertThat(cut.stdout())
                        .startsWith(SecretParams.TRUNCATION_MARK)
                        .endsWith("end\n"));
        assertThat(last.get(0).value().length)
                .as("the outcome record stays far from a Kafka record's 1 MiB")
                .isLessThan(200_000);
    }

    @Test
    void theDetailSurvivesARestoreAndASnapshotWithoutItStillRestores() throws Exception {
        book.submit(request("run-1", "a", "b"), 0);
        clock.advance(Duration.ofSeconds(1));
        List<ProducerRecord<byte[], byte[]>> records = book.onResult(result(
                        "run-1",
                        0,
                        "a",
                        HookStatus.Succeeded,
                        List.of(new TargetResult("operator", 0, null, "ok", null, null)),
                        List.of(attempt(1, T0, HookStatus.Succeeded, null))))
                .records();
        RunSnapshot written = snapshot(records.get(records.size() - 1));

        RunOutcome restored = RunState.fromSnapshot(written).toOutcome();
        assertThat(restored).isEqualTo(written.view());

        String old = new String(records.get(records.size() - 1).value(), StandardCharsets.UTF_8)
                .replaceAll(
                        ",\"(executor|action|dispatchedAt|startedAt|finishedAt|history|targets)\":"
                                + "(\\{[^{}]*(\\{[^{}]*(\\{[^{}]*\\}[^{}]*)*\\}[^{}]*)*\\}|\\[[^\\[\\]]*(\\[[^\\[\\]]*\\][^\\[\\]]*)*\\]|\"[^\"]*\")",
                        "");
        assertThat(old).doesNotContain("\"history\"").doesNotContain("dispatchedAt");
        RunState oldRun = RunState.fromSnapshot(Json.mapper().readValue(old, RunSnapshot.class));
        assertThat(oldRun.toOutcome().hooks())
                .extracting(HookOutcome::status)
                .containsExactly(HookStatus.Succeeded, HookStatus.Running);
    }

    @Test
    void theSmallOutcomeOfARunTooLargeToWriteLeavesOutActionsAttemptsAndTargets() throws Exception {
        book.submit(request("run-1", "a", "b"), 0);
        book.onResult(result(
                "run-1",
                0,
                "a",
                HookStatus.Succeeded,
                List.of(new TargetResult("operator", 0, null, "ok", null, null)),
                List.of(attempt(1, T0, HookStatus.Succeeded, null))));

        Changes changes = book.endTooLarge("run-1", "too large");

        RunOutcome small = Json.mapper().readValue(changes.records().get(0).value(), RunOutcome.class);
        assertThat(small.hooks()).allSatisfy(h -> {
            assertThat(h.action()).isNull();
            assertThat(h.history()).isNull();
            assertThat(h.targets()).isNull();
            assertThat(h.executor()).isEqualTo(ExecutorType.Operator);
        });
        assertThat(small.hooks().get(0).dispatchedAt()).isEqualTo(T0);
    }

    private static AttemptRecord attempt(int number, Instant startedAt, HookStatus status, Long backoffMs) {
        return new AttemptRecord(
                number, startedAt, 200, status, status == HookStatus.Succeeded ? null : "NonZeroExit", backoffMs);
    }

    private HookResult result(
            String runId,
            int index,
            String name,
            HookStatus status,
            List<TargetResult> targets,
            List<AttemptRecord> history) {
        Instant started = history.isEmpty() ? clock.instant() : history.get(0).startedAt();
        return new HookResult(
                HookEvent.hookIdOf(runId, index),
                runId,
                Phase.PRE_BACKUP,
                index,
                name,
                null,
                null,
                ExecutorType.Operator,
                status,
                status == HookStatus.Succeeded ? null : "NonZeroExit",
                status == HookStatus.Succeeded ? null : "exit 1",
                Math.max(1, history.size()),
                started,
                clock.instant(),
                Duration.between(started, clock.instant()).toMillis(),
                targets,
                history,
                null);
    }

    private static RunRequest request(String runId, String... hookNames) throws Exception {
        List<String> hooks = new ArrayList<>();
        for (String name : hookNames) {
            hooks.add("{\"name\": \"" + name + "\", \"hookTemplate\": {\"name\": \"dump\"}, \"params\":"
                    + " {\"DB_PASSWORD\": \"" + SECRET + "\"}}");
        }
        return Json.mapper().readValue("""
                {"runId": "%s", "phase": "pre-backup", "session": {"name": "s", "namespace": "demo",
                 "invoker": {"kind": "BackupConfiguration", "name": "b"}}, "hooks": [%s]}""".formatted(runId, String.join(",", hooks)), RunRequest.class);
    }

    private static RunSnapshot snapshot(ProducerRecord<byte[], byte[]> record) throws Exception {
        assertThat(record.topic()).isEqualTo(TOPICS.dispatcherState());
        return Json.mapper().readValue(record.value(), RunSnapshot.class);
    }
}
