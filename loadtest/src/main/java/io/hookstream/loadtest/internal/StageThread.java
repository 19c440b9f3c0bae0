package io.hookstream.loadtest.internal;

import java.time.Duration;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The thread of one baseline relay: runs {@link #loop()} until {@link #close()}, which clears {@link #running()},
 * wakes the relay's consumer (see {@link #wakeWith}) and waits for the thread (30 s at most). An error that ends
 * the loop is kept as {@link #failure()}.
 */
abstract class StageThread implements BaselineStage {

    private final String name;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile Runnable waker;
    private Thread thread;

    StageThread(String name) {
        this.name = name;
    }

    /** Consumes and relays while {@link #running()}; a {@link WakeupException} ends it quietly. */
    abstract void loop();

    /** What {@link #close()} calls to wake the relay's consumer ({@code consumer::wakeup}), or null. */
    final void wakeWith(Runnable wakeup) {
        this.waker = wakeup;
    }

    final boolean running() {
        return running;
    }

    @Override
    public final BaselineStage start() {
        thread = new Thread(this::run, "loadtest-baseline-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            loop();
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
            }
        } finally {
            waker = null;
        }
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    @Override
    public final void close() {
        running = false;
        Runnable wakeup = waker;
        if (wakeup != null) {
            try {
                wakeup.run();
            } catch (IllegalStateException e) {
                // the consumer closed meanwhile: the thread is ending anyway
            }
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
