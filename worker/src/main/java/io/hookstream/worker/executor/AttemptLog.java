package io.hookstream.worker.executor;

import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.HookResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one hook as they happen, bounded: the first {@value HookResult#HISTORY_FIRST} and the last
 * {@value HookResult#HISTORY_LAST} are kept, those between are counted. Touched on its hook's context only.
 */
final class AttemptLog {

    private final List<AttemptRecord> kept = new ArrayList<>(4);
    private int omitted;

    void add(AttemptRecord attempt) {
        kept.add(attempt);
        if (kept.size() > HookResult.HISTORY_FIRST + HookResult.HISTORY_LAST) {
            kept.remove(HookResult.HISTORY_FIRST);
            omitted++;
        }
    }

    /** The number of the last attempt recorded, 0 when none is. */
    int lastNumber() {
        return kept.isEmpty() ? 0 : kept.get(kept.size() - 1).number();
    }

    /** Sets the backoff waited after the last attempt recorded (null: there is no next attempt after all). */
    void backoffAfterLast(Long backoffMillis) {
        if (!kept.isEmpty()) {
            AttemptRecord last = kept.get(kept.size() - 1);
            kept.set(kept.size() - 1, last.withBackoff(backoffMillis));
        }
    }

    List<AttemptRecord> attempts() {
        return List.copyOf(kept);
    }

    int omitted() {
        return omitted;
    }
}
