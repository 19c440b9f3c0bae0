package io.hookstream.cli.internal;

import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One wait of a {@link RunTransport} for a run's outcome: its deadline, and what it tells the listener, each
 * finished hook once (by hook index, whether it came as a hook result or in the outcome) and the time waited.
 * Used by one thread.
 */
final class RunWait {

    private final RunTransport.Listener listener;
    private final long start = System.nanoTime();
    private final long deadline;
    private final Set<Integer> reported = new HashSet<>();

    RunWait(Duration timeout, RunTransport.Listener listener) {
        this.listener = listener;
        this.deadline = start + timeout.toNanos();
    }

    /** Nanoseconds left before the timeout; zero or less once it has passed. */
    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** A hook's result: told to the listener unless its hook was told before. */
    void result(HookResult result) {
        if (reported.add(result.hookIndex())) {
            listener.hook(HookLine.of(result));
        }
    }

    /** The finished hooks of {@code outcome} that were not told before. */
    void finishedHooks(RunOutcome outcome) {
        for (HookOutcome hook : outcome.hooks()) {
            HookLine line = HookLine.of(hook);
            if (line.isFinished() && reported.add(hook.index())) {
                listener.hook(line);
            }
        }
    }

    /** Tells the listener that the wait goes on. */
    void waiting() {
        listener.waiting(Duration.ofNanos(System.nanoTime() - start));
    }
}
