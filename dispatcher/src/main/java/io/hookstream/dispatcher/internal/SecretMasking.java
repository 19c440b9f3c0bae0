package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.HookAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Masks the values of secret params in what the run book writes: hook results' messages and targets, rendered
 * actions in run views, and rejections' problems.
 */
final class SecretMasking {

    private final SecretParams secretParams;

    SecretMasking(SecretParams secretParams) {
        this.secretParams = secretParams;
    }

    /**
     * The result with secret param values masked in its message and its targets' names, output tails and errors, as
     * the worker masks them (this also covers a result of a worker with other secret-param-patterns).
     */
    HookResult result(HookResult result, Map<String, String> params) {
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(params);
        if (scrubber.isEmpty()) {
            return result;
        }
        return new HookResult(
                result.hookId(),
                result.runId(),
                result.phase(),
                result.hookIndex(),
                result.hookName(),
                result.template(),
                result.invoker(),
                result.executorType(),
                result.status(),
                result.reason(),
                scrubber.scrub(result.message()),
                result.attempts(),
                result.startedAt(),
                result.finishedAt(),
                result.durationMs(),
                scrubber.scrubTargets(result.targets()),
                result.history(),
                result.omittedAttempts());
    }

    /**
     * The rendered action of {@code hook} with the values of its secret params masked in every string (command
     * arguments, paths, hosts, headers, bodies, forms): the action itself when the hook has no secret param.
     */
    HookAction action(PlannedHook hook) {
        HookAction action = hook.action();
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(hook.params());
        return action == null || scrubber.isEmpty() ? action : ActionMasking.masked(action, scrubber);
    }

    /** Problems of a rejected request with the values of its secret params masked (a render error may quote them). */
    List<Problem> problems(List<Problem> problems, RunRequest request) {
        Map<String, String> secrets = new HashMap<>();
        List<HookInfo> hooks = request.hooks() == null ? List.of() : request.hooks();
        for (int i = 0; i < hooks.size(); i++) {
            Map<String, Object> params =
                    hooks.get(i) == null ? null : hooks.get(i).params();
            if (params == null) {
                continue;
            }
            int index = i;
            params.forEach((name, value) -> {
                if (value != null) {
                    secrets.put(name + "#" + index, String.valueOf(value));
                }
            });
        }
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(secrets);
        if (scrubber.isEmpty()) {
            return problems;
        }
        return problems.stream()
                .map(p -> new Problem(p.field(), p.reason(), scrubber.scrub(p.message())))
                .toList();
    }
}
