package io.hookstream.loadtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code --chaos} does to the worker JVMs while hooks are outstanding: {@code kill-worker} SIGKILLs one and
 * starts a replacement; {@code scale} adds one, removes one with SIGTERM (it drains its in-flight hooks), or
 * replaces one the way a rolling update does (the new one ready first, then the old one SIGTERMed). Both may be
 * given at once ({@code --chaos kill-worker,scale}).
 */
public enum ChaosMode {
    KILL_WORKER("kill-worker"),
    SCALE("scale");

    private final String wireName;

    ChaosMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ChaosMode parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown chaos mode '" + text + "': expected "
                        + Arrays.stream(values()).map(ChaosMode::wireName).collect(Collectors.joining(", "))
                        + ", or several separated by commas"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
