package io.hookstream.cli.internal;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The "waiting for run X... 3s" lines on stderr: each second for the first 10 seconds, then every 10 seconds,
 * then every minute after 5 minutes, so a long wait neither looks stuck nor floods a log.
 */
public final class RunProgress {

    private final PrintWriter err;
    private final String runId;
    private final int hooks;
    private long nextSecond = 1;
    private int finished;

    /** @param hooks how many hooks the run has; negative when unknown (the line then leaves the count out) */
    public RunProgress(PrintWriter err, String runId, int hooks) {
        this.err = err;
        this.runId = runId;
        this.hooks = hooks;
    }

    public void hookFinished() {
        finished++;
    }

    public void waiting(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds < nextSecond) {
            return;
        }
        err.println("waiting for run " + runId + "... " + seconds + "s"
                + (hooks < 0 ? "" : " (" + finished + " of " + hooks + " hooks finished)"));
        err.flush();
        long step = seconds < 10 ? 1 : seconds < 300 ? 10 : 60;
        nextSecond = (seconds / step + 1) * step;
    }
}
