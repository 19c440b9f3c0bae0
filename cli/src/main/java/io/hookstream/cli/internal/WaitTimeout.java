package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.schemas.GoDuration;
import java.time.Duration;

/** The {@code --wait [TIMEOUT]} of {@code run} and {@code runs cancel}: a positive Go duration. */
public final class WaitTimeout {

    private WaitTimeout() {}

    /** The timeout, or null without {@code --wait}; an invalid one is a usage error (exit code 2). */
    public static Duration parse(String wait) {
        if (wait == null) {
            return null;
        }
        Duration timeout;
        try {
            timeout = GoDuration.parse(wait);
        } catch (IllegalArgumentException e) {
            throw new CliException("InvalidOption", 2, "--wait: " + e.getMessage());
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CliException("InvalidOption", 2, "--wait " + wait + ": must be positive, e.g. 30s or 10m");
        }
        return timeout;
    }
}
