package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mirrors one view of a run: the HookRun ({@link HookRunWriter}), then an Event on the invoker for each hook newly
 * ended in a reported status ({@link HookEvents}). What it keeps per run (the HookRun's resourceVersion, the
 * invoker as read, the hooks already reported) is forgotten once the run's terminal view is written, when its
 * partition moves, or after the retention. Blocking; the queue hands a run to one thread at a time.
 */
public final class RunApplier {

    private static final class Run {
        final HookRunWriter.Written written = new HookRunWriter.Written();
        final Set<Integer> reported = new HashSet<>();
        final Instant since = Instant.now();
        volatile InvokerResolver.Invoker invoker;
        volatile int creations;
    }

    private final HookRunWriter writer;
    private final InvokerResolver invokers;
    private final HookEvents events;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

    public RunApplier(HookRunWriter writer, InvokerResolver invokers, HookEvents events) {
        this.writer = writer;
        this.invokers = invokers;
        this.events = events;
    }

    /** Writes {@code item}'s view; returns what the HookRun write came to (Events are best effort, not counted). */
    public HookRunWriter.Result apply(MirrorQueue.Item item) {
        RunOutcome view = item.view();
        Run run = runs.computeIfAbsent(view.runId(), id -> new Run());
        String namespace = view.invoker().namespace();
        namespaces.add(namespace);
        HookRunWriter.Result result = writer.write(
                () -> {
                    // read the invoker at each creation: one gone meanwhile (and its HookRun collected) gets no owner
                    if (run.invoker == null || run.creations++ > 0) {
                        run.invoker = invokers.resolve(view.invoker());
                    }
                    InvokerResolver.Invoker invoker = run.invoker;
                    OwnerReference owner = invoker.exists()
                            ? HookRunDocument.owner(
                                    invoker.apiVersion(),
                                    view.invoker().kind(),
                                    view.invoker().name(),
                                    invoker.uid())
                            : null;
                    return HookRunDocument.resource(view, owner);
                },
                namespace,
                HookRunNames.of(view.runId()),
                HookRunDocument.status(view),
                run.written,
                item.restored());
        if (result == HookRunWriter.Result.FORBIDDEN || result == HookRunWriter.Result.NOT_INSTALLED) {
            runs.remove(view.runId());
            return result;
        }
        report(item, run);
        if (view.status().isTerminal() && result != HookRunWriter.Result.FAILED) {
            runs.remove(view.runId());
        }
        return result;
    }

    /** Posts an Event for each hook newly ended in a reported status; a restored view's were posted before. */
    private void report(MirrorQueue.Item item, Run run) {
        RunOutcome view = item.view();
        for (HookOutcome hook : view.hooks()) {
            if (hook.status() == null
                    || !HookEvents.reported(HookRunDocument.statusName(hook.status()))
                    || run.reported.contains(hook.index())) {
                continue;
            }
            if (item.restored()) {
                run.reported.add(hook.index());
                continue;
            }
            if (run.invoker == null) {
                run.invoker = invokers.resolve(view.invoker());
            }
            if (events.post(view, hook, run.invoker)) {
                run.reported.add(hook.index());
            }
        }
    }

    /** The run's partition moved: forget it. */
    public void forget(String runId) {
        runs.remove(runId);
    }

    /** Forgets runs first seen before {@code cutoff} (their terminal view never came here). */
    public void forgetOlderThan(Instant cutoff) {
        runs.values().removeIf(run -> run.since.isBefore(cutoff));
    }

    /** The namespaces runs were mirrored to by this process. */
    public Set<String> namespaces() {
        return namespaces;
    }

    public int tracked() {
        return runs.size();
    }
}
