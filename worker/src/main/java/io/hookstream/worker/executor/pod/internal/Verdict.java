package io.hookstream.worker.executor.pod.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.internal.TargetRun.Result;
import java.util.List;
import java.util.StringJoiner;

/**
 * The hook's result from its pods' results: Succeeded only when every pod succeeded; else Failed with the reason
 * of the first failed pod (pods are in name order), or TimedOut when every unsuccessful pod timed out. One
 * target per pod, in pod-name order.
 */
public final class Verdict {

    private Verdict() {}

    public static AttemptResult of(List<Result> results) {
        List<Result> unsuccessful =
                results.stream().filter(result -> !result.outcome().succeeded()).toList();
        List<TargetResult> targets = results.stream().map(Result::target).toList();
        if (unsuccessful.isEmpty()) {
            return new AttemptResult(HookStatus.Succeeded, null, null, targets);
        }
        if (results.size() == 1) {
            return results.get(0).alone();
        }
        Result firstFailed = unsuccessful.stream()
                .filter(result -> result.outcome().status() == HookStatus.Failed)
                .findFirst()
                .orElse(null);
        HookStatus status = firstFailed == null ? HookStatus.TimedOut : HookStatus.Failed;
        String reason = firstFailed == null
                ? Reasons.DEADLINE_EXCEEDED
                : firstFailed.outcome().reason();
        StringJoiner message = new StringJoiner(
                "; ",
                unsuccessful.size() + " of " + results.size()
                        + " pods did not succeed (ExecuteOnAll needs every pod to succeed): ",
                "");
        unsuccessful.forEach(result ->
                message.add(result.target().name() + ": " + result.outcome().message()));
        return new AttemptResult(status, reason, message.toString(), targets);
    }
}
