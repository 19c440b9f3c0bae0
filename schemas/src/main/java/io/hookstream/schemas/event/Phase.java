package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The lifecycle point a run's hooks belong to; its wire name is also the suffix of its hook topic. */
public enum Phase {
    PRE_BACKUP("pre-backup"),
    POST_BACKUP("post-backup"),
    PRE_RESTORE("pre-restore"),
    POST_RESTORE("post-restore");

    private final String wireName;

    Phase(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** True for post-backup and post-restore, where {@code session.status} says how the session went. */
    public boolean isPost() {
        return this == POST_BACKUP || this == POST_RESTORE;
    }

    @JsonCreator
    public static Phase fromWireName(String value) {
        for (Phase phase : values()) {
            if (phase.wireName.equals(value)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + value + "': expected one of " + wireNames());
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Phase::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
