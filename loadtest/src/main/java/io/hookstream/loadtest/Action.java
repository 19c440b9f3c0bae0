package io.hookstream.loadtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hook action a load test drives: a tcpSocket to a listener the tool starts, an httpPost of the hook's id to an
 * HTTP server the tool starts (answering after {@code --action-delay}), {@code exec true}, or {@code exec /bin/echo}
 * of a payload.
 */
public enum Action {
    TCP("tcp"),
    HTTP("http"),
    EXEC("exec"),
    ECHO("echo");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the tool must run a loopback server that the hooks call. */
    public boolean needsServer() {
        return this == TCP || this == HTTP;
    }

    /** Whether the action tells the tool's server which hook it belongs to (so repeats can be counted per hook). */
    public boolean identifiesHook() {
        return this == HTTP;
    }

    /** Whether the hook starts a process (its baseline is then a bare ProcessBuilder loop). */
    public boolean isExec() {
        return this == EXEC || this == ECHO;
    }

    /** The name of the HookTemplate the tool's run requests use for this action. */
    public String templateName() {
        return "loadtest-" + wireName;
    }

    public static Action parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown action '" + text + "': expected one of "
                        + Arrays.stream(values()).map(Action::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
