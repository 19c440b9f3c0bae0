package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.TargetResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds what a run's view keeps of its hooks' targets, as the view is rewritten to the state topic at each hook's
 * completion and must fit a Kafka record whatever the run: at most {@link HookOutcome#MAX_TARGETS} targets a hook
 * (the rest counted in {@code omittedTargets}), and at most {@value #OUTPUT_BUDGET_CHARS} characters of output tails
 * (stdout and stderr) in the whole view. A tail beyond what is left of that budget keeps its end, led by
 * {@link SecretParams#TRUNCATION_MARK} as the worker's tails are (just the mark once nothing is left). The results
 * topic keeps every hook's whole result.
 */
final class ViewTargets {

    /** Characters of output tails a run's view holds across its hooks: 16 targets with both tails at 4 KiB. */
    static final int OUTPUT_BUDGET_CHARS = 128 * 1024;

    /** The targets kept, how many were left out, and the characters of output tails kept. */
    record Kept(List<TargetResult> targets, int omitted, int outputChars) {}

    private ViewTargets() {}

    /** What a view keeps of {@code targets} with {@code budgetLeft} characters of output tails left. */
    static Kept keep(List<TargetResult> targets, int budgetLeft) {
        if (targets == null || targets.isEmpty()) {
            return new Kept(List.of(), 0, 0);
        }
        int count = Math.min(targets.size(), HookOutcome.MAX_TARGETS);
        List<TargetResult> kept = new ArrayList<>(count);
        int left = Math.max(0, budgetLeft);
        int used = 0;
        for (int i = 0; i < count; i++) {
            TargetResult t = targets.get(i);
            String stdout = within(t.stdout(), left);
            left -= length(stdout);
            String stderr = within(t.stderr(), left);
            left -= length(stderr);
            used += length(stdout) + length(stderr);
            kept.add(
                    stdout == t.stdout() && stderr == t.stderr()
                            ? t
                            : new TargetResult(t.name(), t.exitCode(), t.httpStatus(), stdout, stderr, t.error()));
        }
        return new Kept(kept, targets.size() - count, used);
    }

    /** Characters of output tails in {@code targets} (of a view read from a snapshot). */
    static int outputChars(List<TargetResult> targets) {
        int chars = 0;
        for (TargetResult t : targets == null ? List.<TargetResult>of() : targets) {
            chars += length(t.stdout()) + length(t.stderr());
        }
        return chars;
    }

    /** {@code tail} if it fits in {@code left} characters, else its end led by the truncation mark. */
    private static String within(String tail, int left) {
        if (tail == null || tail.length() <= left) {
            return tail;
        }
        int keep = Math.max(0, left - SecretParams.TRUNCATION_MARK.length());
        int from = tail.length() - keep;
        if (from < tail.length() && Character.isLowSurrogate(tail.charAt(from))) {
            from++; // never half a character
        }
        String end = tail.substring(from);
        return end.startsWith(SecretParams.TRUNCATION_MARK) ? end : SecretParams.TRUNCATION_MARK + end;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
