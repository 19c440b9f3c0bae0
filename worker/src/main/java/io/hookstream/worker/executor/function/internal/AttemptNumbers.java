package io.hookstream.worker.executor.function.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers the attempts of each hook in this process: 1 for the first attempt of a hook id, then 2, 3... until
 * the hook is done. A restarted worker starts again at 1 and so computes the names of the Jobs the crashed one
 * made, and adopts them (a finished one gives its result again) instead of creating new ones. Bounded: the
 * oldest hooks are forgotten beyond {@link #MAX_HOOKS}.
 */
public final class AttemptNumbers {

    static final int MAX_HOOKS = 10_000;

    private final Map<String, Integer> next = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_HOOKS;
        }
    };

    /** The number of this attempt of {@code hookId}, from 1. */
    public synchronized int next(String hookId) {
        return next.merge(hookId, 1, Integer::sum);
    }

    /** The hook has no further attempt: its next run starts at 1 again. */
    public synchronized void done(String hookId) {
        next.remove(hookId);
    }
}
