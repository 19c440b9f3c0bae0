package io.hookstream.worker.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
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
 * The hooks this worker runs, by the record they came from, so that they can be stopped: by the consuming loop
 * (its claim could not be renewed in time, or the worker is stopping past its shutdown timeout: the report is then
 * discarded and another worker runs the hook) or by a cancel of their run (the report, Cancelled, is the hook's
 * result). A stop or cancel that comes before the hook started (during its template check) keeps it from
 * starting. Thread-safe.
 */
final class StoppableHooks {

    /** One hook: started (its {@link RunningHook}) or about to be, and a stop or cancel asked for, if any. */
    static final class Slot {
        private final String runId;
        private final CompletableFuture<ExecutionReport> report;
        private volatile RunningHook hook;
        private volatile String stopReason;
        private volatile String stopMessage;
        private volatile String cancelMessage;

        private Slot(String runId, CompletableFuture<ExecutionReport> report) {
            this.runId = runId;
            this.report = report;
        }

        /** True once the loop asked to stop this hook (its report is then discarded). */
        boolean stopped() {
            return stopReason != null;
        }
    }

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * Registers the hook of {@code record} (of run {@code runId}) whose report {@code report} will be; it is
     * forgotten when that completes.
     */
    Slot register(String record, String runId, CompletableFuture<ExecutionReport> report) {
        Slot slot = new Slot(runId, report);
        slots.put(record, slot);
        report.whenComplete((r, e) -> slots.remove(record, slot));
        return slot;
    }

    /**
     * Starts the hook with {@code starter}, unless it was stopped or cancelled already (then a report saying so,
     * nothing run). Call on the hook's context.
     */
    Future<ExecutionReport> start(Slot slot, Supplier<RunningHook> starter) {
        if (slot.stopReason != null) {
            return Future.succeededFuture(notStarted(HookStatus.Failed, slot.stopReason, slot.stopMessage));
        }
        if (slot.cancelMessage != null) {
            return Future.succeededFuture(notStarted(HookStatus.Cancelled, Reasons.CANCELLED, slot.cancelMessage));
        }
        RunningHook hook = starter.get();
        slot.hook = hook;
        if (slot.stopReason != null) { // a stop that raced with the start
            hook.abort(slot.stopReason, slot.stopMessage);
        } else if (slot.cancelMessage != null) {
            hook.abort(Reasons.CANCELLED, slot.cancelMessage);
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

    /** Cancels the hooks of run {@code runId} here: those running are stopped, those about to start do not. */
    int cancelRun(String runId, String message) {
        int cancelled = 0;
        for (Slot slot : slots.values()) {
            if (!runId.equals(slot.runId) || slot.cancelMessage != null) {
                continue;
            }
            slot.cancelMessage = message;
            RunningHook hook = slot.hook;
            if (hook != null) {
                hook.abort(Reasons.CANCELLED, message);
            }
            cancelled++;
        }
        return cancelled;
    }

    private static ExecutionReport notStarted(HookStatus status, String reason, String message) {
        Instant now = Instant.now();
        return new ExecutionReport(status, reason, message + " (before it started)", 0, now, now, List.of());
    }
}
