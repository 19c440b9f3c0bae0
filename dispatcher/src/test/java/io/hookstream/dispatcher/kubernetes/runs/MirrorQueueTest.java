package io.hookstream.dispatcher.kubernetes.runs;

import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.hook;
import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.kubernetes.runs.internal.MirrorQueue;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MirrorQueueTest {

    private final Instant now = Instant.now();

    @Test
    void aRunsLatestViewReplacesItsPendingOneAndKeepsItsPlaceInLine() throws Exception {
        MirrorQueue queue = new MirrorQueue(10);
        queue.offer(item(running("a"), false));
        queue.offer(item(running("b"), false));
        MirrorQueue.Dropped dropped = queue.offer(item(done("a"), false));

        assertThat(dropped).isEqualTo(new MirrorQueue.Dropped("superseded", false));
        assertThat(queue.size()).isEqualTo(2);
        MirrorQueue.Item first = queue.take();
        assertThat(first.view().runId()).isEqualTo("b");
        assertThat(queue.take().view()).isEqualTo(done("a"));
    }

    @Test
    void aChangeMadeHereIsNotHiddenBehindARestoredViewOfTheSameRun() throws Exception {
        MirrorQueue queue = new MirrorQueue(10);
        queue.offer(item(running("a"), false));
        queue.offer(item(done("a"), true));

        assertThat(queue.take().restored()).isFalse();
    }

    @Test
    void pastTheBoundTheOldestIntermediateViewGoesAndTerminalOnesOnlyWhenAllPendingAreTerminal() throws Exception {
        MirrorQueue queue = new MirrorQueue(2);
        queue.offer(item(running("a"), false));
        queue.offer(item(done("b"), false));

        assertThat(queue.offer(item(done("c"), false))).isEqualTo(new MirrorQueue.Dropped("overflow", false));
        assertThat(queue.offer(item(running("d"), false)))
                .as("only terminal views wait: the new intermediate goes")
                .isEqualTo(new MirrorQueue.Dropped("overflow", false));
        assertThat(queue.offer(item(done("e"), false)))
                .as("the bound forces a terminal one out")
                .isEqualTo(new MirrorQueue.Dropped("overflow", true));
        assertThat(queue.take().view().runId()).isEqualTo("c");
        assertThat(queue.take().view().runId()).isEqualTo("e");
    }

    @Test
    void aRunBeingAppliedIsNotHandedToASecondThreadUntilDone() throws Exception {
        MirrorQueue queue = new MirrorQueue(10);
        queue.offer(item(running("a"), false));
        MirrorQueue.Item taken = queue.take();
        queue.offer(item(done("a"), false));
        queue.offer(item(running("b"), false));

        assertThat(queue.take().view().runId()).as("a is busy: b first").isEqualTo("b");
        queue.done(taken.view().runId());
        assertThat(queue.take().view()).isEqualTo(done("a"));
    }

    @Test
    void aClosedQueueHandsOutNothingAndTakesNothing() throws Exception {
        MirrorQueue queue = new MirrorQueue(10);
        queue.offer(item(running("a"), false));
        queue.close();

        assertThat(queue.take()).isNull();
        assertThat(queue.offer(item(done("a"), false))).isEqualTo(new MirrorQueue.Dropped("closed", true));
    }

    private RunOutcome running(String runId) {
        return view(runId, "backup-1", RunStatus.Running, null, now, hook(0, "dump", HookStatus.Running));
    }

    private RunOutcome done(String runId) {
        return view(runId, "backup-1", RunStatus.Succeeded, null, now, hook(0, "dump", HookStatus.Succeeded));
    }

    private static MirrorQueue.Item item(RunOutcome view, boolean restored) {
        return new MirrorQueue.Item(view, restored);
    }
}
