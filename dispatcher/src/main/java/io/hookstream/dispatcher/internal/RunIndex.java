package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunList;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every run committed to the dispatchers' state topic, as a summary, newest first: what {@code GET /v1/runs} lists.
 * {@link StateFollower} feeds it from all partitions of the topic, so every dispatcher instance lists the same runs
 * whichever partitions it owns. Bounded: finished runs older than the run retention and, past {@code maxRuns},
 * the oldest runs are forgotten. Written by one thread, read by any.
 */
final class RunIndex {

    private static final Logger LOG = LoggerFactory.getLogger(RunIndex.class);
    private static final int MESSAGE_CHARS = 300;

    /** The most runs an index keeps (about 40 MB of summaries); past it the oldest are left out of the list. */
    static final int MAX_RUNS = 100_000;

    /** Where a run sorts: newest accepted first, then by run id. */
    record Key(Instant acceptedAt, String runId) {}

    private static final Comparator<Key> NEWEST_FIRST =
            Comparator.comparing(Key::acceptedAt, Comparator.reverseOrder()).thenComparing(Key::runId);

    /** What a list asks for; null fields match anything. */
    record Filter(RunStatus status, String phase, String namespace, String invoker, String runId) {

        boolean matches(RunSummary run) {
            return (status == null || status == run.status())
                    && (phase == null
                            || (run.phase() != null && phase.equals(run.phase().wireName())))
                    && (namespace == null
                            || (run.invoker() != null
                                    && namespace.equals(run.invoker().namespace())))
                    && (invoker == null || invokerMatches(run))
                    && (runId == null || run.runId().contains(runId));
        }

        /** {@code name} or {@code Kind/name} of the invoker. */
        private boolean invokerMatches(RunSummary run) {
            if (run.invoker() == null) {
                return false;
            }
            int slash = invoker.indexOf('/');
            if (slash < 0) {
                return invoker.equals(run.invoker().name());
            }
            return invoker.substring(0, slash).equalsIgnoreCase(run.invoker().kind())
                    && invoker.substring(slash + 1).equals(run.invoker().name());
        }
    }

    private final ConcurrentSkipListMap<Key, RunSummary> runs = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Duration retention;
    private final int maxRuns;
    private final Clock clock;

    RunIndex(Duration retention, int maxRuns, Clock clock) {
        this.retention = retention;
        this.maxRuns = maxRuns;
        this.clock = clock;
    }

    /**
     * A state record: the run's latest snapshot (JSON), or null when the run was removed (a tombstone).
     *
     * @return what changed in the list, or null when nothing did (an unreadable record, a cancel before its run)
     */
    RunChange apply(String runId, byte[] snapshot) {
        if (runId == null) {
            return null;
        }
        if (snapshot == null) {
            RunSummary removed = remove(runId);
            return removed == null ? null : new RunChange(removed, null);
        }
        RunOutcome view;
        try {
            view = viewOf(snapshot);
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "run index: the state record of {} cannot be read ({}); left out of the list", runId, e.toString());
            return null;
        }
        if (view == null || view.acceptedAt() == null) {
            return null; // a cancel that came before its request: no run yet
        }
        RunSummary current = summarise(view);
        RunSummary previous = put(current);
        return current.equals(previous) ? null : new RunChange(previous, current);
    }

    /**
     * The {@code view} of a snapshot, read without building the rest (the plan with every rendered action is most of
     * a snapshot, and the index reads every snapshot of every run); null when there is none.
     */
    private static RunOutcome viewOf(byte[] snapshot) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(snapshot)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a state record is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("view".equals(field)) {
                    return parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.readValueAs(RunOutcome.class);
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /** @return the run's summary before, or null when it is new here */
    RunSummary put(RunSummary run) {
        Key key = new Key(run.acceptedAt(), run.runId());
        Key old = keys.put(run.runId(), key);
        RunSummary previous = null;
        if (old != null && !old.equals(key)) {
            previous = runs.remove(old);
        }
        RunSummary replaced = runs.put(key, run);
        if (replaced != null) {
            previous = replaced;
        }
        while (runs.size() > maxRuns) {
            Map.Entry<Key, RunSummary> oldest = runs.pollLastEntry();
            if (oldest == null) {
                break;
            }
            keys.remove(oldest.getKey().runId(), oldest.getKey());
        }
        return previous;
    }

    /** @return the run's summary, or null when it was not listed */
    RunSummary remove(String runId) {
        Key key = keys.remove(runId);
        return key == null ? null : runs.remove(key);
    }

    /** Forgets finished runs older than the retention (the dispatchers forget them then too). */
    void expire() {
        Instant cutoff = clock.instant().minus(retention);
        runs.values().removeIf(run -> {
            boolean old = run.finishedAt() != null && run.finishedAt().isBefore(cutoff);
            if (old) {
                keys.remove(run.runId());
            }
            return old;
        });
    }

    int size() {
        return runs.size();
    }

    /**
     * The runs that match {@code filter}, newest first, at most {@code limit}, after the cursor {@code after} (null:
     * from the newest), with how many match in all and by status.
     */
    RunList list(Filter filter, String after, int limit) {
        NavigableMap<Key, RunSummary> from = after == null ? runs : runs.tailMap(Cursor.decode(after), false);
        List<RunSummary> page = new ArrayList<>(Math.min(limit, 64));
        Key last = null;
        boolean more = false;
        for (Map.Entry<Key, RunSummary> entry : from.entrySet()) {
            if (filter.matches(entry.getValue())) {
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(entry.getValue());
                last = entry.getKey();
            }
        }
        long total = 0;
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        for (RunSummary run : runs.values()) {
            if (filter.matches(run)) {
                total++;
                counts.merge(run.status(), 1L, Long::sum);
            }
        }
        return new RunList(page, total, counts, more ? Cursor.encode(last) : null);
    }

    static RunSummary summarise(RunOutcome view) {
        int finished = 0;
        String failed = null;
        for (HookOutcome hook : view.hooks()) {
            HookStatus status = hook.status();
            if (status != null && status != HookStatus.Pending && status != HookStatus.Running) {
                finished++;
            }
            if (failed == null
                    && (status == HookStatus.Failed
                            || status == HookStatus.TimedOut
                            || status == HookStatus.Cancelled)) {
                failed = hook.name();
            }
        }
        return new RunSummary(
                view.runId(),
                view.phase(),
                view.status(),
                view.reason(),
                shorten(view.message()),
                view.invoker() != null
                        ? view.invoker()
                        : view.session() == null ? null : view.session().invoker(),
                view.session() == null ? null : view.session().name(),
                view.hooks().size(),
                finished,
                failed,
                view.acceptedAt(),
                view.finishedAt(),
                view.durationMs());
    }

    private static String shorten(String message) {
        if (message == null || message.length() <= MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MESSAGE_CHARS - 1) + "…";
    }

    /** The opaque {@code after} of a page: the last run's place in the order. */
    static final class Cursor {

        private Cursor() {}

        static String encode(Key key) {
            String plain =
                    key.acceptedAt().getEpochSecond() + "." + key.acceptedAt().getNano() + "." + key.runId();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException when {@code cursor} is not one this class wrote */
        static Key decode(String cursor) {
            String plain;
            try {
                plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after: not a cursor of this API (pass the next of a page)");
            }
            String[] parts = plain.split("\\.", 3);
            try {
                return new Key(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("after: not a cursor of this API (pass the next of a page)");
            }
        }
    }
}
