package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunList;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunIndexTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final RunIndex.Filter ALL = new RunIndex.Filter(null, null, null, null, null);

    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
    private final RunIndex index = new RunIndex(Duration.ofHours(24), 1000, clock);

    @Test
    void listsNewestFirstWithCountsByStatus() throws Exception {
        apply(run("a", 1, RunStatus.Succeeded, "db", "prod"));
        apply(run("b", 2, RunStatus.Failed, "db", "prod"));
        apply(run("c", 3, RunStatus.Running, "web", "staging"));

        RunList list = index.list(ALL, null, 50);

        assertThat(list.runs()).extracting(RunSummary::runId).containsExactly("c", "b", "a");
        assertThat(list.total()).isEqualTo(3);
        assertThat(list.counts())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(RunStatus.Succeeded, 1L, RunStatus.Failed, 1L, RunStatus.Running, 1L));
        assertThat(list.next()).isNull();
    }

    @Test
    void filtersByStatusPhaseNamespaceInvokerAndRunId() throws Exception {
        apply(run("backup-a", 1, RunStatus.Succeeded, "db", "prod"));
        apply(run("backup-b", 2, RunStatus.Failed, "db", "prod"));
        apply(run("restore-c", 3, RunStatus.Failed, "web", "staging"));

        assertThat(ids(new RunIndex.Filter(RunStatus.Failed, null, null, null, null)))
                .containsExactly("restore-c", "backup-b");
        assertThat(ids(new RunIndex.Filter(null, "pre-backup", null, null, null)))
                .containsExactly("restore-c", "backup-b", "backup-a");
        assertThat(ids(new RunIndex.Filter(null, "post-restore", null, null, null)))
                .isEmpty();
        assertThat(ids(new RunIndex.Filter(null, null, "staging", null, null))).containsExactly("restore-c");
        assertThat(ids(new RunIndex.Filter(null, null, null, "db", null))).containsExactly("backup-b", "backup-a");
        assertThat(ids(new RunIndex.Filter(null, null, null, "backupconfiguration/db", null)))
                .as("Kind/name, the kind in any case")
                .containsExactly("backup-b", "backup-a");
        assertThat(ids(new RunIndex.Filter(null, null, null, "RestoreSession/db", null)))
                .isEmpty();
        assertThat(ids(new RunIndex.Filter(RunStatus.Failed, null, "prod", null, "backup")))
                .containsExactly("backup-b");
        assertThat(index.list(new RunIndex.Filter(RunStatus.Failed, null, null, null, null), null, 50)
                        .counts())
                .containsExactly(Map.entry(RunStatus.Failed, 2L));
    }

    @Test
    void pagesWithTheCursorOfThePreviousPageUntilEveryMatchingRunWasListedOnce() throws Exception {
        for (int i = 0; i < 23; i++) {
            apply(run(
                    String.format("run-%02d", i),
                    i / 2,
                    i % 3 == 0 ? RunStatus.Failed : RunStatus.Succeeded,
                    "db",
                    "prod"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            RunList page = index.list(ALL, after, 5);
            assertThat(page.runs()).hasSizeLessThanOrEqualTo(5);
            assertThat(page.total()).isEqualTo(23);
            page.runs().forEach(r -> seen.add(r.runId()));
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).doesNotHaveDuplicates().hasSize(23);
        assertThat(seen).isEqualTo(ids(ALL));
    }

    @Test
    void aNewerSnapshotReplacesTheRunAndATombstoneRemovesIt() throws Exception {
        apply(run("a", 1, RunStatus.Running, "db", "prod"));
        apply(run("a", 1, RunStatus.Succeeded, "db", "prod"));

        assertThat(index.list(ALL, null, 50).runs())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.Succeeded));

        index.apply("a", null);
        assertThat(index.list(ALL, null, 50).runs()).isEmpty();
    }

    @Test
    void finishedRunsOlderThanTheRetentionAndRunsPastTheBoundAreForgottenOldestFirst() throws Exception {
        RunIndex small = new RunIndex(Duration.ofHours(24), 2, clock);
        small.apply("a", snapshot(run("a", 1, RunStatus.Succeeded, "db", "prod")));
        small.apply("b", snapshot(run("b", 2, RunStatus.Running, "db", "prod")));
        small.apply("c", snapshot(run("c", 3, RunStatus.Succeeded, "db", "prod")));
        assertThat(small.list(ALL, null, 50).runs())
                .extracting(RunSummary::runId)
                .containsExactly("c", "b");

        clock.now = T0.plus(Duration.ofHours(25));
        small.expire();
        assertThat(small.list(ALL, null, 50).runs())
                .as("a running run stays whatever its age")
                .extracting(RunSummary::runId)
                .containsExactly("b");
    }

    @Test
    void aSummaryNamesTheFirstFailedHookCountsFinishedHooksAndShortensLongMessages() {
        RunOutcome view = new RunOutcome(
                "r",
                Phase.PRE_BACKUP,
                null,
                new ObjectReference("core.kubestash.com", "BackupConfiguration", "prod", "db"),
                RunStatus.Failed,
                "NonZeroExit",
                "x".repeat(1000),
                null,
                List.of(
                        hook(0, "flush", HookStatus.Succeeded),
                        hook(1, "freeze", HookStatus.TimedOut),
                        hook(2, "notify", HookStatus.Failed),
                        hook(3, "later", HookStatus.Pending)),
                T0,
                T0.plusSeconds(3),
                3000L,
                null);

        RunSummary summary = RunIndex.summarise(view);

        assertThat(summary.failedHook()).isEqualTo("freeze");
        assertThat(summary.hooks()).isEqualTo(4);
        assertThat(summary.hooksFinished()).isEqualTo(3);
        assertThat(summary.message()).hasSize(300).endsWith("…");
    }

    @Test
    void anUnreadableStateRecordOrACursorNotWrittenHereIsRefusedWithoutHarm() throws Exception {
        apply(run("a", 1, RunStatus.Running, "db", "prod"));
        index.apply("b", "{not json".getBytes());
        index.apply("c", "{\"earlyCancel\":{\"runId\":\"c\"}}".getBytes());

        assertThat(ids(ALL)).containsExactly("a");
        assertThatThrownBy(() -> index.list(ALL, "%%%", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("after:");
        assertThatThrownBy(() -> index.list(ALL, "bm90LWEtY3Vyc29y", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("after:");
    }

    private List<String> ids(RunIndex.Filter filter) {
        return index.list(filter, null, 500).runs().stream()
                .map(RunSummary::runId)
                .toList();
    }

    private void apply(RunOutcome view) throws Exception {
        index.apply(view.runId(), snapshot(view));
    }

    private static byte[] snapshot(RunOutcome view) throws Exception {
        return Json.mapper()
                .writeValueAsBytes(new RunSnapshot(view, null, view.hooks().size(), null));
    }

    private static RunOutcome run(String id, int minute, RunStatus status, String invoker, String namespace) {
        Instant accepted = T0.plusSeconds(60L * minute);
        return new RunOutcome(
                id,
                Phase.PRE_BACKUP,
                null,
                new ObjectReference("core.kubestash.com", "BackupConfiguration", namespace, invoker),
                status,
                null,
                null,
                null,
                List.of(hook(0, "flush", status == RunStatus.Running ? HookStatus.Running : HookStatus.Succeeded)),
                accepted,
                status.isTerminal() ? accepted.plusSeconds(1) : null,
                status.isTerminal() ? 1000L : null,
                null);
    }

    private static HookOutcome hook(int index, String name, HookStatus status) {
        return new HookOutcome(index, name, "h-" + index, null, status, null, null, 1, 10L);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
