package io.hookstream.templates.render.internal;

import java.util.List;
import java.util.Set;

/**
 * Recognizes the script argument of a shell invocation in an exec argv: a shell ({@code sh}, {@code bash},
 * {@code dash}, {@code ash}, {@code ksh}, {@code zsh}, ..., or {@code busybox sh}) followed by options that include
 * {@code -c} (alone or in a group such as {@code -ec}); the first operand after the options is the script. The
 * shell may come after a wrapper ({@code env}, {@code timeout 10}, {@code kubectl exec ... --}): every argument
 * whose basename is a shell starts a check, so a wrapped shell is protected too.
 */
public final class ShellInvocation {

    private static final Set<String> SHELLS = Set.of(
            "sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh", "pdksh", "lksh", "posh", "yash", "zsh", "busybox-sh");
    private static final Set<String> BUSYBOX_SHELLS = Set.of("sh", "ash", "bash", "hush");
    private static final Set<String> LONG_OPTIONS_WITH_ARGUMENT = Set.of("--rcfile", "--init-file", "--emulate");

    private ShellInvocation() {}

    /**
     * Whether the argument at {@code index} is a shell script, given the arguments before it (already rendered).
     * The argument itself is taken to be an operand.
     */
    public static boolean isScript(List<String> before, int index) {
        for (int k = 0; k < index; k++) {
            String name = basename(before.get(k));
            int options;
            if (SHELLS.contains(name)) {
                options = k + 1;
            } else if (name.equals("busybox") && k + 1 < index && BUSYBOX_SHELLS.contains(before.get(k + 1))) {
                options = k + 2;
            } else {
                continue;
            }
            if (scriptIndex(before, options, index) == index) {
                return true;
            }
        }
        return false;
    }

    /** Scans shell options from {@code from}; the index of the script operand, or -1 when there is no -c. */
    private static int scriptIndex(List<String> args, int from, int operandIndex) {
        boolean command = false;
        int i = from;
        while (i < operandIndex) {
            String arg = args.get(i);
            if (arg.equals("--") || arg.equals("-")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                i += LONG_OPTIONS_WITH_ARGUMENT.contains(arg) ? 2 : 1;
                continue;
            }
            if (arg.length() < 2 || (arg.charAt(0) != '-' && arg.charAt(0) != '+')) {
                break;
            }
            for (int j = 1; j < arg.length(); j++) {
                char option = arg.charAt(j);
                if (option == 'c') {
                    command = true;
                } else if (option == 'o' || option == 'O') {
                    i++;
                }
            }
            i++;
        }
        return command ? i : -1;
    }

    private static String basename(String path) {
        String trimmed = path.strip();
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
