package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.GoDuration;
import java.time.Duration;

/**
 * {@code executor.pod}: a label selector string ({@code "app=my-app,env=prod"}), an owner reference that
 * filters the selected pods, the strategy when several match (ExecuteOnOne by default), and how long a hook
 * waits for its pods to be ready ({@code waitTimeout}, a hookstream extension: a Go duration string, default
 * {@value #DEFAULT_WAIT_TIMEOUT}; {@code 0s} does not wait). The hook's own {@code timeout} bounds the wait too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodHookExecutorSpec(
        String selector, OwnerReference owner, PodHookExecutorStrategy strategy, String waitTimeout) {

    /** How long a hook waits for its pods when the template does not say. */
    public static final String DEFAULT_WAIT_TIMEOUT = "1m";

    public PodHookExecutorStrategy effectiveStrategy() {
        return strategy == null ? PodHookExecutorStrategy.ExecuteOnOne : strategy;
    }

    /**
     * {@code waitTimeout} as a duration, {@value #DEFAULT_WAIT_TIMEOUT} when it is absent.
     *
     * @throws IllegalArgumentException when it is no duration string or is negative; the message names the field
     */
    public Duration effectiveWaitTimeout() {
        String text = waitTimeout == null ? DEFAULT_WAIT_TIMEOUT : waitTimeout;
        Duration duration;
        try {
            duration = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("executor.pod.waitTimeout: " + e.getMessage(), e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("executor.pod.waitTimeout: '" + text + "' is negative: give a"
                    + " duration such as 2m, or 0s not to wait for the pods");
        }
        return duration;
    }
}
