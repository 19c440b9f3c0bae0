package io.hookstream.kafka;

import java.util.List;

/** Invalid configuration found at start-up; the message lists every problem, one per line. */
public final class ConfigException extends KafkaSupportException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("InvalidConfiguration", "invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
