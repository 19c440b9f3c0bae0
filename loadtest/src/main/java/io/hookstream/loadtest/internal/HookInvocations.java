package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.HookInvocationFigures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The action server's record of invocations by hook id: how often each hook's action was started and how many of
 * its copies are running right now, so that a copy started while another still runs is seen as it happens. The
 * server calls {@link #started} when a request arrives and {@link Running#finished} when it answered it or the
 * connection closed first; any thread may read {@link #figures}.
 */
public final class HookInvocations {

    private static final int EXAMPLES = 5;

    private final Map<String, PerHook> hooks = new HashMap<>();
    private long unidentified;

    private static final class PerHook {
        int started;
        int running;
        boolean overlapped;
    }

    /** One started invocation; {@link #finished} may be called more than once (answer, then connection close). */
    public final class Running {
        private final PerHook hook;
        private boolean finished;

        private Running(PerHook hook) {
            this.hook = hook;
        }

        public void finished() {
            synchronized (HookInvocations.this) {
                if (!finished && hook != null) {
                    hook.running--;
                }
                finished = true;
            }
        }
    }

    /** A request for {@code hookId} arrived (null or blank: a request that names no hook). */
    public synchronized Running started(String hookId) {
        if (hookId == null || hookId.isBlank()) {
            unidentified++;
            return new Running(null);
        }
        PerHook hook = hooks.computeIfAbsent(hookId.strip(), id -> new PerHook());
        hook.started++;
        if (hook.running > 0) {
            hook.overlapped = true;
        }
        hook.running++;
        return new Running(hook);
    }

    /** Forgets every invocation seen so far (after the warm-up). */
    public synchronized void clear() {
        hooks.clear();
        unidentified = 0;
    }

    /** The figures over the hook ids that {@code counted} accepts (the measured pass's). */
    public synchronized HookInvocationFigures figures(Predicate<String> counted) {
        long invoked = 0;
        long twice = 0;
        long overlapping = 0;
        long extra = 0;
        long running = 0;
        List<String> overlapped = new ArrayList<>();
        for (Map.Entry<String, PerHook> entry : hooks.entrySet()) {
            if (!counted.test(entry.getKey())) {
                continue;
            }
            PerHook hook = entry.getValue();
            invoked++;
            extra += hook.started - 1;
            running += hook.running;
            if (hook.started > 1) {
                twice++;
            }
            if (hook.overlapped) {
                overlapping++;
                overlapped.add(entry.getKey());
            }
        }
        List<String> examples = overlapped.stream().sorted().limit(EXAMPLES).toList();
        return new HookInvocationFigures(invoked, twice, overlapping, extra, running, unidentified, examples);
    }
}
