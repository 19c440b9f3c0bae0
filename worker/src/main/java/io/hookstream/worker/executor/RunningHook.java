package io.hookstream.worker.executor;

import io.vertx.core.Future;

/** A hook started by {@link HookRunner#start}: its report to come, and a way to stop it while it runs. */
public interface RunningHook {

    /** The report of the last attempt, once the hook has ended (or was aborted); never a failed future. */
    Future<ExecutionReport> report();

    /**
     * Stops the hook: the attempt under way is stopped and no further attempt is made (also not one waiting for
     * its retry backoff); the report then ends with status Failed ({@code Cancelled} when {@code reason} is
     * {@link io.hookstream.schemas.event.Reasons#CANCELLED}), {@code reason} and {@code message}, and the
     * targets the stopped attempt reported. Completes once the hook's action can no longer be running in this
     * process: an Operator exec's process tree has exited (SIGTERM, then SIGKILL after the kill grace period); an
     * HTTP request's or TCP connection's socket is closed; a Pod exec's stream is closed (the exec API cannot
     * stop the command in the pod); a Function's Job is deleted with its pods (propagation Background).
     *
     * <p>Aborting a hook that has ended does nothing; a second abort is the first one (its reason stays). Never
     * blocks; may be called from any thread.
     *
     * @param reason  the reason code of the report, e.g. {@link io.hookstream.schemas.event.Reasons#LEASE_LOST}
     * @param message the report's message: why the hook was stopped
     */
    Future<Void> abort(String reason, String message);
}
