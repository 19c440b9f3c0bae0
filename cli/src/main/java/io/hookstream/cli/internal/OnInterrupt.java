package io.hookstream.cli.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, Ctrl-C (SIGINT) runs an action instead of ending the JVM, so a {@code --follow} command can stop
 * reading, close its consumer and exit 0. Closing restores the previous handler. Where the JVM does not let the
 * handler be replaced (e.g. started with {@code -Xrs}), nothing changes and SIGINT ends the process as usual.
 */
public final class OnInterrupt implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private OnInterrupt(SignalHandler previous) {
        this.previous = previous;
    }

    public static OnInterrupt run(Runnable action) {
        try {
            return new OnInterrupt(Signal.handle(INT, signal -> action.run()));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return new OnInterrupt(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            try {
                Signal.handle(INT, previous);
            } catch (IllegalArgumentException e) {
                // the handler could not be put back: the process is ending anyway
            }
        }
    }
}
