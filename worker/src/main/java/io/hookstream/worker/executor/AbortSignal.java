package io.hookstream.worker.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a running hook to stop: fired at most once, with a reason code (e.g.
 * {@link io.hookstream.schemas.event.Reasons#LEASE_LOST}) and a message. {@link HookRunner} creates one per run and
 * hands it to every attempt; an {@link ActionExecutor} listens with {@link #onAbort} and stops its action. Listeners
 * run on the thread that fires the signal (the run's Vert.x context when {@link RunningHook#abort} fires it), so a
 * listener must not block; one registered after the signal fired runs at once on the registering thread.
 * Thread-safe.
 */
public final class AbortSignal {

    private static final Logger LOG = LoggerFactory.getLogger(AbortSignal.class);

    private final List<Runnable> listeners = new ArrayList<>();
    private String reason;
    private String message;

    /**
     * Fires the signal and runs the listeners registered so far, in order.
     *
     * @return false when it had fired already (the first reason and message stay)
     */
    public boolean abort(String reason, String message) {
        Objects.requireNonNull(reason, "reason");
        List<Runnable> toRun;
        synchronized (this) {
            if (this.reason != null) {
                return false;
            }
            this.reason = reason;
            this.message = message == null ? "" : message;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(AbortSignal::runQuietly);
        return true;
    }

    /** Runs {@code listener} when the signal fires; at once, on this thread, if it has fired already. */
    public void onAbort(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (reason == null) {
                listeners.add(listener);
                return;
            }
        }
        runQuietly(listener);
    }

    public synchronized boolean aborted() {
        return reason != null;
    }

    /** The reason code, or null while the signal has not fired. */
    public synchronized String reason() {
        return reason;
    }

    /** The message, or null while the signal has not fired. */
    public synchronized String message() {
        return message;
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("an abort listener failed; the action it guards may go on until its timeout", e);
        }
    }
}
