package io.hookstream.worker.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.RunningHook;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The hooks this worker runs, by the record they came from, so that the consuming loop can stop one: its claim
 * could not be renewed in time, or the worker is stopping past its shutdown timeout. A stop that comes before the
 * hook started (during its template check) keeps it from starting. Thread-safe.
 */
final class StoppableHooks {

    /** One hook: started (its {@link RunningHook}) or about to be, and a stop asked for, if any. */
    static final class Slot {
        private final CompletableFuture<ExecutionReport> report;
        private volatile RunningHook hook;
        private volatile String stopReason;
        private volatile String stopMessage;

        private Slot(CompletableFuture<ExecutionReport> report) {
            this.report = report;
        }

        /** True once the loop asked to stop this hook (its report is then discarded). */
        boolean stopped() {
            return stopReason != null;
        }
    }

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** Registers the hook of {@code record} whose report {@code report} will be; it is forgotten when that completes. */
    Slot register(String record, CompletableFuture<ExecutionReport> report) {
        Slot slot = new Slot(report);
        slots.put(record, slot);
        report.whenComplete((r, e) -> slots.remove(record, slot));
        return slot;
    }

    /**
     * Starts the hook with {@code starter}, unless it was stopped already (then a Failed report with the stop's
     * reason, nothing run). Call on the hook's context.
     */
    Future<ExecutionReport> start(Slot slot, Supplier<RunningHook> starter) {
        if (slot.stopReason != null) {
            return Future.succeededFuture(stoppedBeforeStart(slot));
        }
        RunningHook hook = starter.get();
        slot.hook = hook;
        if (slot.stopReason != null) { // a stop that raced with the start
            hook.abort(slot.stopReason, slot.stopMessage);
        }
        return hook.report();
    }

    /**
     * Stops the hook of {@code record}; the stage completes once it can no longer be running here (at once when
     * no such hook runs).
     */
    CompletionStage<Void> stop(String record, String reason, String message) {
        Slot slot = slots.get(record);
        if (slot == null) {
            return CompletableFuture.completedFuture(null);
        }
        slot.stopMessage = message;
        slot.stopReason = reason;
        RunningHook hook = slot.hook;
        if (hook == null) {
            // not started yet: it will not start; done when its (stopped) report is
            return slot.report.handle((r, e) -> null);
        }
        return hook.abort(reason, message).toCompletionStage().handle((v, e) -> null);
    }

    private static ExecutionReport stoppedBeforeStart(Slot slot) {
        Instant now = Instant.now();
        return new ExecutionReport(HookStatus.Failed, slot.stopReason, slot.stopMessage + " (before it started)", 0,
                now, now, List.of());
    }
}
