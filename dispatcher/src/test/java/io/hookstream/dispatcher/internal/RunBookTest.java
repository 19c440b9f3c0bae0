package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.hookstream.testing.MutableClock;
import io.hookstream.testing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's run rules, driven directly on a {@link RunBook} with a settable clock, a real validator, a
 * catalog loaded from a templates directory and real outbound records (decoded back from their JSON).
 */
class RunBookTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final int PARTITION = 3;

    private static CatalogSnapshot catalog;

    private final MutableClock clock = new MutableClock(T0);
    private final HookDeadlines deadlines = new HookDeadlines(GRACE);
    private final RunBook book = new RunBook(
            new OutboundEvents(TOPICS, "/hookstream/dispatcher/test", null),
            new RequestValidator(DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()))),
            () -> catalog,
            RETENTION,
            SecretParams.defaults(),
            deadlines,
            clock);

    @BeforeAll
    static void loadTemplates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("echo.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: echo, namespace: demo}
                spec:
                  params: [{name: WORD, default: hello}, {name: DB_PASSWORD, default: none}]
                  action: {exec: {command: ["/bin/echo", "{{ .Params.WORD }}"]}}
                  executor: {type: Operator}
                """, StandardCharsets.UTF_8);
        catalog = new TemplateDirectory(dir).load();
        assertThat(catalog.find("demo", "echo")).as("the test template loaded").isPresent();
    }

    // ---- dispatching in list order -------------------------------------------------------------------------

    @Test
    void anAcceptedRunDispatchesOnlyItsFirstHookAndSnapshotsItself() throws Exception {
        Changes changes = book.submit(request("run-1", "a", "b", "c"), PARTITION);
        List<ProducerRecord<byte[], byte[]>> records = changes.records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.hooks(Phase.PRE_BACKUP), TOPICS.dispatcherState());
        assertThat(records).allSatisfy(r -> assertThat(key(r)).isEqualTo("run-1"));
        HookEvent event = Json.mapper().readValue(records.get(0).value(), HookEvent.class);
        assertThat(event.hookId()).isEqualTo("run-1/0");
        assertThat(event.hookName()).isEqualTo("a");
        assertThat(event.hookIndex()).isZero();
        assertThat(event.hookCount()).isEqualTo(3);
        assertThat(event.dispatchedAt()).isEqualTo(T0);
        RunSnapshot snapshot = snapshot(records.get(1));
        assertThat(snapshot.view().status()).isEqualTo(RunStatus.Running);
        assertThat(snapshot.view().acceptedAt()).isEqualTo(T0);
        assertThat(snapshot.next()).isZero();
        assertThat(snapshot.view().hooks())
                .extracting(h -> h.status())
                .containsExactly(HookStatus.Running, HookStatus.Pending, HookStatus.Pending);

        assertThat(changes.views()).singleElement().satisfies(e -> {
            assertThat(e.partition()).isEqualTo(PARTITION);
            assertThat(e.view().status()).isEqualTo(RunStatus.Running);
            assertThat(e.view()).as("the view is the snapshot's").isEqualTo(snapshot.view());
        });
    }

    @Test
    void eachSucceededHookDispatchesTheNextInListOrderAndTheLastOneSucceedsTheRun() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);
        clock.advance(Duration.ofSeconds(5));

        List<ProducerRecord<byte[], byte[]>> afterA =
                book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();
        assertThat(afterA)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.hooks(Phase.PRE_BACKUP), TOPICS.dispatcherState());
        HookEvent second = Json.mapper().readValue(afterA.get(0).value(), HookEvent.class);
        assertThat(second.hookId()).isEqualTo("run-1/1");
        assertThat(second.hookName()).isEqualTo("b");
        assertThat(second.dispatchedAt()).isEqualTo(T0.plusSeconds(5));

        clock.advance(Duration.ofSeconds(5));
        List<ProducerRecord<byte[], byte[]>> afterB =
                book.onResult(result("run-1", 1, "b", HookStatus.Succeeded)).records();
        assertThat(afterB).extracting(ProducerRecord::topic).containsExactly(TOPICS.runs(), TOPICS.dispatcherState());
        RunOutcome outcome = outcome(afterB.get(0));
        assertThat(outcome.status()).isEqualTo(RunStatus.Succeeded);
        assertThat(outcome.finishedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(outcome.durationMs()).isEqualTo(10_000);
        assertThat(outcome.hooks())
                .extracting(h -> h.status())
                .containsExactly(HookStatus.Succeeded, HookStatus.Succeeded);
        assertThat(deadlines.size()).as("no hook awaited any more").isZero();
    }

    @Test
    void aResultForAHookNotAwaitedChangesNothing() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);

        assertThat(book.onResult(result("other-run", 0, "a", HookStatus.Succeeded)))
                .as("unknown run")
                .isEqualTo(Changes.NONE);
        assertThat(book.onResult(result("run-1", 1, "b", HookStatus.Succeeded)))
                .as("wrong index")
                .isEqualTo(Changes.NONE);
        HookResult wrongId = withHookId(result("run-1", 0, "a", HookStatus.Succeeded), "run-1/7");
        assertThat(book.onResult(wrongId)).as("wrong hook id").isEqualTo(Changes.NONE);

        List<ProducerRecord<byte[], byte[]>> real =
                book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();
        assertThat(real)
                .as("the awaited hook still moves the run")
                .extracting(ProducerRecord::topic)
                .contains(TOPICS.hooks(Phase.PRE_BACKUP));
        assertThat(book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records())
                .as("a duplicate")
                .isEmpty();
    }

    @Test
    void aFailedHookFailsTheRunAndSkipsTheRestWithPreviousHookFailed() throws Exception {
        book.submit(request("run-1", "a", "b", "c"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.Failed)).records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        for (int i = 0; i < 2; i++) {
            HookResult skipped = hookResult(records.get(i));
            assertThat(skipped.hookIndex()).isEqualTo(i + 1);
            assertThat(skipped.status()).isEqualTo(HookStatus.Skipped);
            assertThat(skipped.reason()).isEqualTo(Reasons.PREVIOUS_HOOK_FAILED);
            assertThat(skipped.message()).isEqualTo("hook 'a' Failed");
        }
        RunOutcome outcome = outcome(records.get(2));
        assertThat(outcome.status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome.reason()).isEqualTo(Reasons.HOOK_FAILED);
        assertThat(outcome.message()).startsWith("hook 'a' Failed (NonZeroExit): ");
        assertThat(outcome.hooks())
                .extracting(h -> h.status())
                .containsExactly(HookStatus.Failed, HookStatus.Skipped, HookStatus.Skipped);
    }

    @Test
    void aTimedOutHookFailsTheRunLikeAFailedOne() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.TimedOut)).records();

        assertThat(hookResult(records.get(0)).reason()).isEqualTo(Reasons.PREVIOUS_HOOK_FAILED);
        assertThat(outcome(records.get(1)).status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome(records.get(1)).message()).startsWith("hook 'a' TimedOut");
    }

    // ---- executionPolicy -----------------------------------------------------------------------------------

    @Test
    void executionPolicyOfASucceededSessionRunsOnSuccessAndAlwaysAndSkipsOnFailure() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = book.submit(
                        postBackup(
                                "run-1",
                                "Succeeded",
                                hook("onFailure", "OnFailure"),
                                hook("onSuccess", "OnSuccess"),
                                hook("always", "Always")),
                        PARTITION)
                .records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.hooks(Phase.POST_BACKUP), TOPICS.dispatcherState());
        HookResult skipped = hookResult(records.get(0));
        assertThat(skipped.hookName()).isEqualTo("onFailure");
        assertThat(skipped.status()).isEqualTo(HookStatus.Skipped);
        assertThat(skipped.reason()).isEqualTo(Reasons.EXECUTION_POLICY);
        assertThat(skipped.message()).isEqualTo("executionPolicy OnFailure and the session Succeeded");
        assertThat(Json.mapper()
                        .readValue(records.get(1).value(), HookEvent.class)
                        .hookName())
                .isEqualTo("onSuccess");

        List<ProducerRecord<byte[], byte[]>> next = book.onResult(
                        result("run-1", Phase.POST_BACKUP, 1, "onSuccess", HookStatus.Succeeded))
                .records();
        assertThat(Json.mapper().readValue(next.get(0).value(), HookEvent.class).hookName())
                .isEqualTo("always");
    }

    @Test
    void executionPolicyOfAFailedSessionRunsOnFailureAndSkipsOnSuccess() throws Exception {
        book.submit(
                        postBackup("run-1", "Failed", hook("onFailure", "OnFailure"), hook("onSuccess", "OnSuccess")),
                        PARTITION)
                .records();

        List<ProducerRecord<byte[], byte[]>> records = book.onResult(
                        result("run-1", Phase.POST_BACKUP, 0, "onFailure", HookStatus.Succeeded))
                .records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        assertThat(hookResult(records.get(0)).reason()).isEqualTo(Reasons.EXECUTION_POLICY);
        RunOutcome outcome = outcome(records.get(1));
        assertThat(outcome.status()).as("a skipped hook does not fail the run").isEqualTo(RunStatus.Succeeded);
        assertThat(outcome.hooks())
                .extracting(h -> h.status())
                .containsExactly(HookStatus.Succeeded, HookStatus.Skipped);
    }

    @Test
    void aRunWhoseHooksAreAllSkippedByPolicySucceedsAtOnce() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = book.submit(
                        postBackup("run-1", "Succeeded", hook("a", "OnFailure"), hook("b", "OnFailure")), PARTITION)
                .records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        assertThat(outcome(records.get(2)).status()).isEqualTo(RunStatus.Succeeded);
        assertThat(deadlines.size()).isZero();
    }

    // ---- repeated and rejected requests --------------------------------------------------------------------

    @Test
    void aRepeatedRequestChangesNothing() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);

        assertThat(book.submit(request("run-1", "a", "b"), PARTITION)).isEqualTo(Changes.NONE);
        assertThat(book.reject(
                        "run-1", Phase.PRE_BACKUP, null, new Problem("x", Reasons.MALFORMED_RECORD, "bad"), PARTITION))
                .as("nor does an unreadable record of the same run id")
                .isEqualTo(Changes.NONE);
        assertThat(deadlines.size()).isEqualTo(1);
    }

    @Test
    void anInvalidRequestIsRejectedWithAnOutcomeAndASnapshotAndNothingDispatched() throws Exception {
        Changes changes = book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "missing"}}]"""), PARTITION);
        List<ProducerRecord<byte[], byte[]>> records = changes.records();

        assertThat(records).extracting(ProducerRecord::topic).containsExactly(TOPICS.runs(), TOPICS.dispatcherState());
        RunOutcome outcome = outcome(records.get(0));
        assertThat(outcome.status()).isEqualTo(RunStatus.Rejected);
        assertThat(outcome.reason()).isEqualTo(Reasons.TEMPLATE_NOT_FOUND);
        assertThat(outcome.problems()).extracting(Problem::field).containsExactly("hooks[0].hookTemplate");
        assertThat(outcome.finishedAt()).isEqualTo(T0);
        assertThat(snapshot(records.get(1)).view().status()).isEqualTo(RunStatus.Rejected);
        assertThat(changes.views())
                .singleElement()
                .satisfies(e -> assertThat(e.view().status()).isEqualTo(RunStatus.Rejected));
        assertThat(book.submit(request("run-1", "a"), PARTITION))
                .as("a rejected run id stays rejected")
                .isEqualTo(Changes.NONE);
    }

    @Test
    void anUnreadableRequestIsRejectedWithItsProblem() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = book.reject(
                        "run-1", null, null, new Problem("", Reasons.MALFORMED_RECORD, "not JSON"), PARTITION)
                .records();

        RunOutcome outcome = outcome(records.get(0));
        assertThat(outcome.status()).isEqualTo(RunStatus.Rejected);
        assertThat(outcome.reason()).isEqualTo(Reasons.MALFORMED_RECORD);
        assertThat(records.get(1).topic()).isEqualTo(TOPICS.dispatcherState());
    }

    // ---- secrets -------------------------------------------------------------------------------------------

    @Test
    void secretParamValuesAreMaskedInHookResultMessagesAndTheRunMessage() throws Exception {
        book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "params": {"DB_PASSWORD": "hunter22"}}]"""), PARTITION).records();

        List<ProducerRecord<byte[], byte[]>> records = book.onResult(
                        withMessage(result("run-1", 0, "a", HookStatus.Failed), "login with hunter22 refused"))
                .records();

        RunOutcome outcome = outcome(records.get(0));
        assertThat(outcome.message()).contains("login with *** refused").doesNotContain("hunter22");
        assertThat(outcome.hooks().get(0).message()).isEqualTo("login with *** refused");
        assertThat(snapshot(records.get(1)).view().message()).doesNotContain("hunter22");
    }

    @Test
    void secretParamValuesAreMaskedInTheProblemsOfARejectedRequest() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records =
                book.submit(requestWithHooks("run-1", """
                [{"name": "hunter22", "hookTemplate": {"name": "echo"}, "params": {"DB_PASSWORD": "hunter22"}},
                 {"name": "hunter22", "hookTemplate": {"name": "echo"}}]"""), PARTITION).records();

        RunOutcome outcome = outcome(records.get(0));
        assertThat(outcome.status()).isEqualTo(RunStatus.Rejected);
        assertThat(outcome.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .as("the duplicate-name problem quotes the name, which is the secret's value")
                        .startsWith("'***' is used by an earlier hook"));
        assertThat(records)
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                        .doesNotContain("hunter22"));
    }

    // ---- cancel --------------------------------------------------------------------------------------------

    @Test
    void aCancelWhileAHookRunsSendsACancelForTheWorkersAndWaitsForTheHook() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);
        clock.advance(Duration.ofSeconds(3));

        Changes changes = book.cancel(cancel("run-1"), PARTITION);
        List<ProducerRecord<byte[], byte[]>> records = changes.records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.cancels(), TOPICS.dispatcherState());
        assertThat(key(records.get(0))).isEqualTo("run-1");
        CancelRequest sent = Json.mapper().readValue(records.get(0).value(), CancelRequest.class);
        assertThat(sent.requestedBy()).isEqualTo("alice");
        RunSnapshot snapshot = snapshot(records.get(1));
        assertThat(snapshot.view().status())
                .as("still running until the hook stops")
                .isEqualTo(RunStatus.Running);
        assertThat(snapshot.view().cancellation()).isEqualTo(sent);
        assertThat(changes.views())
                .singleElement()
                .satisfies(e -> assertThat(e.view().cancellation()).isNotNull());
    }

    @Test
    void theStoppedHooksCancelledResultSkipsTheRestAndCancelsTheRun() throws Exception {
        book.submit(request("run-1", "a", "b", "c"), PARTITION);
        book.cancel(cancel("run-1"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.Cancelled)).records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        assertThat(hookResult(records.get(0)).reason()).isEqualTo(Reasons.CANCELLED);
        assertThat(hookResult(records.get(0)).message())
                .isEqualTo("not started: the run was cancelled by alice:" + " maintenance");
        RunOutcome outcome = outcome(records.get(2));
        assertThat(outcome.status()).isEqualTo(RunStatus.Cancelled);
        assertThat(outcome.reason()).isEqualTo(Reasons.CANCELLED);
        assertThat(outcome.message())
                .isEqualTo("cancelled by alice: maintenance; hook 'a' was stopped;" + " 2 hooks skipped");
        assertThat(outcome.hooks())
                .extracting(h -> h.status())
                .containsExactly(HookStatus.Cancelled, HookStatus.Skipped, HookStatus.Skipped);
    }

    @Test
    void aHookThatSucceededBeforeTheCancelReachedItStillCancelsTheRunWhenHooksAreLeft() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);
        book.cancel(cancel("run-1"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .as("b is never dispatched")
                .containsExactly(TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        RunOutcome outcome = outcome(records.get(1));
        assertThat(outcome.status()).isEqualTo(RunStatus.Cancelled);
        assertThat(outcome.message())
                .isEqualTo(
                        "cancelled by alice: maintenance; hook 'a' had finished Succeeded" + " first; 1 hook skipped");
    }

    @Test
    void aCancelThatReachedTheLastHookAfterItSucceededLeavesTheRunSucceededWithTheCancellationKept() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        book.cancel(cancel("run-1"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();

        RunOutcome outcome = outcome(records.get(0));
        assertThat(outcome.status()).isEqualTo(RunStatus.Succeeded);
        assertThat(outcome.cancellation()).isNotNull();
        assertThat(outcome.cancellation().requestedBy()).isEqualTo("alice");
    }

    @Test
    void aHookFailureDuringTheCancelFailsTheRun() throws Exception {
        book.submit(request("run-1", "a", "b"), PARTITION);
        book.cancel(cancel("run-1"), PARTITION);

        List<ProducerRecord<byte[], byte[]>> records =
                book.onResult(result("run-1", 0, "a", HookStatus.Failed)).records();

        assertThat(hookResult(records.get(0)).reason()).isEqualTo(Reasons.PREVIOUS_HOOK_FAILED);
        RunOutcome outcome = outcome(records.get(1));
        assertThat(outcome.status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome.cancellation()).isNotNull();
    }

    @Test
    void aCancelWithoutATimeIsTakenAsRequestedNowByTheBooksClock() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        clock.advance(Duration.ofSeconds(7));

        Changes changes = book.cancel(new CancelRequest("run-1", "maintenance", "alice", null), PARTITION);

        assertThat(changes.views())
                .singleElement()
                .satisfies(
                        v -> assertThat(v.view().cancellation().requestedAt()).isEqualTo(T0.plusSeconds(7)));
    }

    @Test
    void cancellingAFinishedRunOrCancellingTwiceProducesNoRecords() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        book.onResult(result("run-1", 0, "a", HookStatus.Succeeded));
        assertThat(book.cancel(cancel("run-1"), PARTITION)).as("finished").isEqualTo(Changes.NONE);

        book.submit(request("run-2", "a"), PARTITION);
        assertThat(book.cancel(cancel("run-2"), PARTITION).records()).isNotEmpty();
        assertThat(book.cancel(cancel("run-2"), PARTITION)).as("twice").isEqualTo(Changes.NONE);
    }

    @Test
    void aCancelBeforeTheRequestIsKeptAsASnapshotAndTheRequestThenEndsCancelledWithAllHooksSkipped() throws Exception {
        List<ProducerRecord<byte[], byte[]>> early =
                book.cancel(cancel("run-1"), PARTITION).records();

        assertThat(early)
                .extracting(ProducerRecord::topic)
                .as("no cancel for the workers: nothing runs")
                .containsExactly(TOPICS.dispatcherState());
        RunSnapshot kept = snapshot(early.get(0));
        assertThat(kept.view()).isNull();
        assertThat(kept.earlyCancel().runId()).isEqualTo("run-1");
        assertThat(book.cancel(cancel("run-1"), PARTITION))
                .as("a second early cancel")
                .isEqualTo(Changes.NONE);

        clock.advance(Duration.ofMinutes(1));
        List<ProducerRecord<byte[], byte[]>> records =
                book.submit(request("run-1", "a", "b"), PARTITION).records();

        assertThat(records)
                .extracting(ProducerRecord::topic)
                .as("nothing dispatched")
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        RunOutcome outcome = outcome(records.get(2));
        assertThat(outcome.status()).isEqualTo(RunStatus.Cancelled);
        assertThat(outcome.message()).isEqualTo("cancelled by alice: maintenance; 2 hooks skipped");
        assertThat(outcome.hooks()).extracting(h -> h.reason()).containsExactly(Reasons.CANCELLED, Reasons.CANCELLED);
        assertThat(deadlines.size()).isZero();
    }

    // ---- restore, drop, sweep ------------------------------------------------------------------------------

    @Test
    void aRestoredRunContinuesWhereItsSnapshotLeftOffAndItsHookIsAwaitedFromNow() throws Exception {
        List<ProducerRecord<byte[], byte[]>> before =
                book.submit(request("run-1", "a", "b"), PARTITION).records();
        RunSnapshot saved = snapshot(before.get(before.size() - 1));

        MutableClock later = new MutableClock(T0.plus(Duration.ofMinutes(10)));
        HookDeadlines otherDeadlines = new HookDeadlines(GRACE);
        RunBook other = otherBook(later, otherDeadlines);
        Changes restored = other.restore(saved, PARTITION);

        assertThat(restored.records()).isEmpty();
        assertThat(restored.views()).singleElement().satisfies(e -> {
            assertThat(e.partition()).isEqualTo(PARTITION);
            assertThat(e.view().status()).isEqualTo(RunStatus.Running);
        });
        assertThat(otherDeadlines.size()).isEqualTo(1);
        Duration budget = otherDeadlines.budget(saved.plan().get(0));
        assertThat(otherDeadlines.expired(later.instant().plus(budget)))
                .as("awaited from the restore")
                .isEmpty();
        assertThat(other.submit(request("run-1", "a", "b"), PARTITION).records())
                .as("the request again")
                .isEmpty();
        List<ProducerRecord<byte[], byte[]>> next =
                other.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();
        assertThat(Json.mapper().readValue(next.get(0).value(), HookEvent.class).hookName())
                .isEqualTo("b");
    }

    @Test
    void aRestoredEarlyCancelCancelsTheRequestWhenItComes() throws Exception {
        RunSnapshot saved =
                snapshot(book.cancel(cancel("run-1"), PARTITION).records().get(0));

        RunBook other = otherBook(new MutableClock(T0.plusSeconds(30)), new HookDeadlines(GRACE));
        other.restore(saved, PARTITION);
        List<ProducerRecord<byte[], byte[]>> records =
                other.submit(request("run-1", "a"), PARTITION).records();

        assertThat(outcome(records.get(1)).status()).isEqualTo(RunStatus.Cancelled);
    }

    @Test
    void snapshotsOlderThanTheRetentionAreNotRestored() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        List<ProducerRecord<byte[], byte[]>> done =
                book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)).records();
        RunSnapshot finished = snapshot(done.get(done.size() - 1));
        RunSnapshot earlyCancel =
                snapshot(book.cancel(cancel("run-2"), PARTITION).records().get(0));

        RunBook other = otherBook(new MutableClock(T0.plus(RETENTION).plusSeconds(1)), new HookDeadlines(GRACE));
        assertThat(other.restore(finished, PARTITION)).isEqualTo(Changes.NONE);
        assertThat(other.restore(earlyCancel, PARTITION)).isEqualTo(Changes.NONE);
        assertDispatched(
                other.submit(request("run-2", "a"), PARTITION).records(), "the stale early cancel was dropped");
        assertThat(other.submit(request("run-1", "a"), PARTITION).records())
                .as("run-1 was forgotten: a new run")
                .isNotEmpty();
    }

    @Test
    void sweepForgetsFinishedRunsAndEarlyCancelsOnlyOnceTheRetentionHasPassed() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        book.onResult(result("run-1", 0, "a", HookStatus.Succeeded));
        book.submit(request("running", "a"), PARTITION);
        book.cancel(cancel("early"), PARTITION);

        clock.advance(RETENTION);
        book.sweep();
        assertThat(book.submit(request("run-1", "a"), PARTITION))
                .as("kept for exactly the retention")
                .isEqualTo(Changes.NONE);

        clock.advance(Duration.ofSeconds(1));
        book.sweep();
        assertThat(book.submit(request("run-1", "a"), PARTITION).records())
                .as("forgotten: accepted as new")
                .isNotEmpty();
        assertThat(book.submit(request("running", "a"), PARTITION))
                .as("a running run is never swept")
                .isEqualTo(Changes.NONE);
        assertDispatched(book.submit(request("early", "a"), PARTITION).records(), "the early cancel was forgotten");
    }

    @Test
    void droppingAPartitionForgetsItsRunsEarlyCancelsAndDeadlines() throws Exception {
        book.submit(request("run-1", "a"), PARTITION);
        book.cancel(cancel("early"), PARTITION);
        book.submit(request("elsewhere", "a"), PARTITION + 1);

        book.drop(List.of(PARTITION));

        assertThat(deadlines.size()).isEqualTo(1);
        assertThat(book.submit(request("run-1", "a"), PARTITION).records())
                .as("forgotten")
                .isNotEmpty();
        assertDispatched(book.submit(request("early", "a"), PARTITION).records(), "the early cancel was forgotten");
        assertThat(book.submit(request("elsewhere", "a"), PARTITION + 1).records())
                .as("kept")
                .isEmpty();
    }

    // ---- deadlines through the run book --------------------------------------------------------------------

    @Test
    void aHookWithoutResultPastItsDeadlineFailsTheRunWithItsTimedOutResultOutcomeAndSnapshot() throws Exception {
        book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "1m"}]"""), PARTITION);
        Instant deadline = T0.plus(Duration.ofMinutes(1)).plus(GRACE);

        assertThat(book.expire(deadline)).as("not past it yet").isEmpty();
        setClock(deadline.plusMillis(1));
        Map<Integer, Changes> expired = book.expire(clock.instant());

        assertThat(expired).containsOnlyKeys(PARTITION);
        Changes changes = expired.get(PARTITION);
        assertThat(changes.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        assertThat(changes.records()).allSatisfy(r -> assertThat(key(r)).isEqualTo("run-1"));
        HookResult result = hookResult(changes.records().get(0));
        assertThat(result.hookId()).isEqualTo("run-1/0");
        assertThat(result.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(result.reason()).isEqualTo(Reasons.NO_RESULT);
        assertThat(result.message()).contains("'a'", "1m20s");
        assertThat(new String(
                        changes.records()
                                .get(0)
                                .headers()
                                .lastHeader(CloudEventHeaders.SOURCE)
                                .value(),
                        StandardCharsets.UTF_8))
                .as("written by the deadline")
                .endsWith("/deadline");
        RunOutcome outcome = outcome(changes.records().get(1));
        assertThat(outcome.status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome.reason()).isEqualTo(Reasons.HOOK_FAILED);
        assertThat(outcome.message()).startsWith("hook 'a' TimedOut (NoResult)");
        assertThat(outcome.hooks()).singleElement().satisfies(h -> {
            assertThat(h.status()).isEqualTo(HookStatus.TimedOut);
            assertThat(h.reason()).isEqualTo(Reasons.NO_RESULT);
        });
        assertThat(outcome.finishedAt()).isEqualTo(clock.instant());
        assertThat(snapshot(changes.records().get(2)).view()).isEqualTo(outcome);
        assertThat(changes.views()).singleElement().satisfies(v -> {
            assertThat(v.partition()).isEqualTo(PARTITION);
            assertThat(v.view()).isEqualTo(outcome);
        });
        assertThat(book.expire(clock.instant().plus(Duration.ofHours(1))))
                .as("handed out once")
                .isEmpty();
    }

    @Test
    void aHookWithRetriesLeftIsAwaitedItsRetriesToAndItsExpirySkipsTheRestLikeAFailure() throws Exception {
        // the dispatcher never retries: the worker retries within one hook event, so the wait covers every attempt
        List<ProducerRecord<byte[], byte[]>> dispatched =
                book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "1m", "maxRetry": 2},
                 {"name": "b", "hookTemplate": {"name": "echo"}}]"""), PARTITION).records();
        Instant due = T0.plus(Duration.ofMinutes(3)).plus(HookDeadlines.BACKOFF_PER_RETRY.multipliedBy(2));
        assertThat(Json.mapper()
                        .readValue(dispatched.get(0).value(), HookEvent.class)
                        .deadline())
                .as("the workers' budget travels in the hook event")
                .isEqualTo(due);

        assertThat(book.expire(due.plus(GRACE)))
                .as("the event's deadline and the grace are awaited")
                .isEmpty();
        Changes changes = book.expire(due.plus(GRACE).plusMillis(1)).get(PARTITION);

        assertThat(changes.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        assertThat(hookResult(changes.records().get(0)).reason()).isEqualTo(Reasons.NO_RESULT);
        HookResult skipped = hookResult(changes.records().get(1));
        assertThat(skipped.hookName()).isEqualTo("b");
        assertThat(skipped.status()).isEqualTo(HookStatus.Skipped);
        assertThat(skipped.reason()).isEqualTo(Reasons.PREVIOUS_HOOK_FAILED);
        assertThat(outcome(changes.records().get(2)).status()).isEqualTo(RunStatus.Failed);
    }

    @Test
    void aCancelNotConfirmedInTimeCancelsTheRunWithACancelledResult() throws Exception {
        book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "10m"},
                 {"name": "b", "hookTemplate": {"name": "echo"}}]"""), PARTITION);
        clock.advance(Duration.ofMinutes(1));
        book.cancel(cancel("run-1"), PARTITION);

        Instant shortened =
                clock.instant().plus(HookDeadlines.CANCEL_CONFIRMATION).plus(GRACE);
        assertThat(book.expire(shortened)).as("not past it yet").isEmpty();
        setClock(shortened.plusMillis(1));
        Changes changes = book.expire(clock.instant()).get(PARTITION);

        assertThat(changes.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.results(), TOPICS.runs(), TOPICS.dispatcherState());
        HookResult result = hookResult(changes.records().get(0));
        assertThat(result.status()).isEqualTo(HookStatus.Cancelled);
        assertThat(result.reason()).isEqualTo(Reasons.CANCELLED);
        assertThat(result.message()).contains("1m5s", "'a'");
        assertThat(hookResult(changes.records().get(1)).reason()).isEqualTo(Reasons.CANCELLED);
        RunOutcome outcome = outcome(changes.records().get(2));
        assertThat(outcome.status()).isEqualTo(RunStatus.Cancelled);
        assertThat(outcome.message()).contains("hook 'a' was stopped", "1 hook skipped");
        assertThat(changes.views())
                .singleElement()
                .satisfies(v -> assertThat(v.view().status()).isEqualTo(RunStatus.Cancelled));
    }

    @Test
    void deadlinesEarlierThanAnyLeftAtTheLastScanStillExpireOnTime() throws Exception {
        book.submit(requestWithHooks("slow", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "10m"}]"""), PARTITION);
        book.submit(requestWithHooks("cancelled", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "10m"}]"""), PARTITION);
        clock.advance(Duration.ofMinutes(1));
        assertThat(book.expire(clock.instant()))
                .as("a scan: nothing due before 10m20s")
                .isEmpty();
        book.submit(requestWithHooks("quick", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "1m"}]"""), PARTITION);
        book.cancel(cancel("cancelled"), PARTITION);

        Instant quickDue = clock.instant().plus(Duration.ofMinutes(1)).plus(GRACE);
        setClock(quickDue.plusMillis(1));
        assertThat(book.expire(clock.instant()).get(PARTITION).views())
                .extracting(v -> v.view().runId())
                .containsExactlyInAnyOrder("quick", "cancelled");
        assertThat(book.expire(T0.plus(Duration.ofMinutes(10)).plus(GRACE)))
                .as("slow: not yet")
                .isEmpty();
        assertThat(book.expire(T0.plus(Duration.ofMinutes(10)).plus(GRACE).plusMillis(1))
                        .get(PARTITION)
                        .views())
                .extracting(v -> v.view().runId())
                .containsExactly("slow");
    }

    @Test
    void aResultArrivingAfterTheExpiryIsIgnoredAsADuplicateAndSoIsTheExpiredResultReadBack() throws Exception {
        book.submit(requestWithHooks("run-1", """
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "1m"},
                 {"name": "b", "hookTemplate": {"name": "echo"}}]"""), PARTITION);
        Changes expired = book.expire(T0.plus(Duration.ofHours(1))).get(PARTITION);

        assertThat(book.onResult(result("run-1", 0, "a", HookStatus.Succeeded)))
                .as("the worker's, late")
                .isEqualTo(Changes.NONE);
        assertThat(book.onResult(hookResult(expired.records().get(0))))
                .as("the dispatcher's own, read back")
                .isEqualTo(Changes.NONE);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void anAnsweredHookNeverExpiresAndExpiriesAreGroupedByTheRunsPartition() throws Exception {
        book.submit(request("answered", "a"), PARTITION);
        book.submit(request("p3", "a"), PARTITION);
        book.submit(request("p5-1", "a"), PARTITION + 2);
        book.submit(request("p5-2", "a"), PARTITION + 2);
        book.onResult(result("answered", 0, "a", HookStatus.Succeeded));

        Map<Integer, Changes> expired = book.expire(T0.plus(Duration.ofHours(1)));

        assertThat(expired).containsOnlyKeys(PARTITION, PARTITION + 2);
        assertThat(expired.get(PARTITION).views())
                .extracting(v -> v.view().runId())
                .containsExactly("p3");
        assertThat(expired.get(PARTITION + 2).views())
                .extracting(v -> v.view().runId())
                .containsExactlyInAnyOrder("p5-1", "p5-2");
        assertThat(expired.get(PARTITION + 2).views())
                .allSatisfy(v -> assertThat(v.partition()).isEqualTo(PARTITION + 2));
        assertThat(expired.get(PARTITION + 2).records()).hasSize(6);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void setClock(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    private RunBook otherBook(Clock at, HookDeadlines withDeadlines) {
        return new RunBook(
                new OutboundEvents(TOPICS, "/hookstream/dispatcher/other", null),
                new RequestValidator(DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()))),
                () -> catalog,
                RETENTION,
                SecretParams.defaults(),
                withDeadlines,
                at);
    }

    private static RunRequest request(String runId, String... hookNames) throws Exception {
        List<String> hooks = new ArrayList<>();
        for (String name : hookNames) {
            hooks.add("{\"name\": \"" + name + "\", \"hookTemplate\": {\"name\": \"echo\"}}");
        }
        return requestWithHooks(runId, "[" + String.join(",", hooks) + "]");
    }

    private static RunRequest requestWithHooks(String runId, String hooksJson) throws Exception {
        return Json.mapper().readValue("""
                {"runId": "%s", "phase": "pre-backup", "session": {"name": "s", "namespace": "demo",
                 "invoker": {"kind": "BackupConfiguration", "name": "b"}}, "hooks": %s}""".formatted(runId, hooksJson), RunRequest.class);
    }

    private static String hook(String name, String policy) {
        return "{\"name\": \"" + name + "\", \"hookTemplate\": {\"name\": \"echo\"}, \"executionPolicy\": \"" + policy
                + "\"}";
    }

    private static RunRequest postBackup(String runId, String sessionPhase, String... hooks) throws Exception {
        return Json.mapper().readValue("""
                {"runId": "%s", "phase": "post-backup", "session": {"name": "s", "namespace": "demo",
                 "invoker": {"kind": "BackupConfiguration", "name": "b"}, "status": {"phase": "%s"}},
                 "hooks": [%s]}""".formatted(runId, sessionPhase, String.join(",", hooks)), RunRequest.class);
    }

    private CancelRequest cancel(String runId) {
        return new CancelRequest(runId, "maintenance", "alice", clock.instant());
    }

    private HookResult result(String runId, int index, String name, HookStatus status) {
        return result(runId, Phase.PRE_BACKUP, index, name, status);
    }

    private HookResult result(String runId, Phase phase, int index, String name, HookStatus status) {
        String reason = switch (status) {
            case Failed -> "NonZeroExit";
            case TimedOut -> Reasons.DEADLINE_EXCEEDED;
            case Cancelled -> Reasons.CANCELLED;
            default -> null;
        };
        return new HookResult(
                HookEvent.hookIdOf(runId, index),
                runId,
                phase,
                index,
                name,
                null,
                null,
                null,
                status,
                reason,
                status == HookStatus.Succeeded ? null : "exit 1",
                1,
                clock.instant(),
                clock.instant(),
                10,
                List.of());
    }

    private static HookResult withHookId(HookResult r, String hookId) {
        return new HookResult(
                hookId,
                r.runId(),
                r.phase(),
                r.hookIndex(),
                r.hookName(),
                r.template(),
                r.invoker(),
                r.executorType(),
                r.status(),
                r.reason(),
                r.message(),
                r.attempts(),
                r.startedAt(),
                r.finishedAt(),
                r.durationMs(),
                r.targets());
    }

    private static HookResult withMessage(HookResult r, String message) {
        return new HookResult(
                r.hookId(),
                r.runId(),
                r.phase(),
                r.hookIndex(),
                r.hookName(),
                r.template(),
                r.invoker(),
                r.executorType(),
                r.status(),
                r.reason(),
                message,
                r.attempts(),
                r.startedAt(),
                r.finishedAt(),
                r.durationMs(),
                r.targets());
    }

    /** The request was accepted as a new run and its first hook dispatched (not cancelled at once). */
    private static void assertDispatched(List<ProducerRecord<byte[], byte[]>> records, String why) {
        assertThat(records)
                .as(why)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.hooks(Phase.PRE_BACKUP), TOPICS.dispatcherState());
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static RunOutcome outcome(ProducerRecord<byte[], byte[]> record) throws Exception {
        assertThat(record.topic()).isEqualTo(TOPICS.runs());
        return Json.mapper().readValue(record.value(), RunOutcome.class);
    }

    private static HookResult hookResult(ProducerRecord<byte[], byte[]> record) throws Exception {
        assertThat(record.topic()).isEqualTo(TOPICS.results());
        return Json.mapper().readValue(record.value(), HookResult.class);
    }

    private static RunSnapshot snapshot(ProducerRecord<byte[], byte[]> record) throws Exception {
        assertThat(record.topic()).isEqualTo(TOPICS.dispatcherState());
        JsonNode tree = Json.mapper().readTree(record.value());
        assertThat(tree.isObject()).isTrue();
        return Json.mapper().treeToValue(tree, RunSnapshot.class);
    }
}
