package io.hookstream.worker.executor.function.internal;

import io.hookstream.schemas.event.TargetResult;

/**
 * What the Job's pod shows: its name, the function container's exit code and termination (or waiting) reason,
 * and the tail of its log, or why the log could not be read. A Job without a pod has {@code podName} null.
 */
public record PodReport(String podName, Integer exitCode, String stateReason, String log, String logError) {

    public static PodReport none() {
        return new PodReport(null, null, null, null, null);
    }

    /** One target: the pod (or, without one, the Job), its exit code, log tail and any state or log problem. */
    public TargetResult target(String jobName) {
        String error = stateReason == null ? logError : logError == null ? stateReason : stateReason + "; " + logError;
        return new TargetResult(
                podName != null ? "pod/" + podName : "job/" + jobName, exitCode, null, log, null, error);
    }

    /** E.g. {@code "pod p exited with code 3 (Error)"}, {@code "pod p: ImagePullBackOff"} or {@code "no pod"}. */
    public String describe() {
        if (podName == null) {
            return "no pod was created";
        }
        if (exitCode != null) {
            return "pod " + podName + " exited with code " + exitCode
                    + (stateReason == null ? "" : " (" + stateReason + ")");
        }
        return "pod " + podName + (stateReason == null ? " had not finished" : ": " + stateReason);
    }
}
