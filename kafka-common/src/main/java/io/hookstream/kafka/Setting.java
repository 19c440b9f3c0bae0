package io.hookstream.kafka;

import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of a service: its flag ({@code --name}), its environment variable ({@code HOOKSTREAM_NAME}), its
 * type, its default as the user reads it, what it does, and whether its value is a secret. {@link #read} parses it
 * with a {@link ConfigReader} (problems name the flag and the variable); a service's {@link SettingsTable} lists
 * its settings in the order of its {@code --help}, its README table and its start-up line.
 *
 * @param name        the flag without {@code --}, or null for a setting only read from the environment
 * @param env         the environment variable ({@code HOOKSTREAM_KAFKA_*} for a family of them)
 * @param type        the kind of value, as {@code --help} and the README show it (e.g. {@code duration})
 * @param defaultText the default as the user reads it ({@code 30s}, {@code one per core}, {@code none})
 * @param description what the setting does
 * @param secret      whether its value is never shown (the start-up line says {@code [redacted]})
 * @param reader      how the value is read, with problems reported to the reader
 */
public record Setting<T>(
        String name,
        String env,
        String type,
        String defaultText,
        String description,
        boolean secret,
        Function<ConfigReader, T> reader) {

    public Setting {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /** Reads this setting (flag, else environment, else default); a problem goes to the reader. */
    public T read(ConfigReader config) {
        return reader.apply(config);
    }

    /** The flag as typed on the command line, or null for an environment-only setting. */
    public String flag() {
        return name == null ? null : "--" + name;
    }

    /**
     * The value as {@code --help} names it: {@code DURATION}, {@code PATH}; a choice as its values
     * ({@code files|kubernetes}).
     */
    public String valueHint() {
        return type.contains("|") ? type : type.toUpperCase(java.util.Locale.ROOT);
    }

    /** The name in the start-up line: the flag name, or the variable of an environment-only setting. */
    public String key() {
        return name == null ? env : name;
    }

    /** This setting with its value never shown. */
    public Setting<T> asSecret() {
        return new Setting<>(name, env, type, defaultText, description, true, reader);
    }

    /** This setting as another service describes it (same flag, parsing and default). */
    public Setting<T> describedAs(String text) {
        return new Setting<>(name, env, type, defaultText, text, secret, reader);
    }

    /** This setting with its default shown as {@code text} (a computed default such as "one per core"). */
    public Setting<T> defaultShownAs(String text) {
        return new Setting<>(name, env, type, text, description, secret, reader);
    }

    public static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "text",
                defaultValue == null ? "none" : defaultValue,
                description,
                false,
                r -> r.string(name, defaultValue));
    }

    public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "integer",
                Integer.toString(defaultValue),
                description,
                false,
                r -> r.integer(name, defaultValue, min, max));
    }

    /** A positive duration ({@code 30s}, {@code 5m}). */
    public static Setting<Duration> duration(String name, Duration defaultValue, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "duration",
                GoDuration.format(defaultValue),
                description,
                false,
                r -> r.duration(name, defaultValue));
    }

    /** A duration from 0s up to {@code max}. */
    public static Setting<Duration> durationUpTo(String name, Duration defaultValue, Duration max, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "duration",
                GoDuration.format(defaultValue),
                description,
                false,
                r -> r.durationUpTo(name, defaultValue, max));
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "boolean",
                Boolean.toString(defaultValue),
                description,
                false,
                r -> r.bool(name, defaultValue));
    }

    /** A comma list (items trimmed, blank ones dropped). */
    public static Setting<List<String>> list(String name, List<String> defaultValue, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "list",
                defaultValue.isEmpty() ? "none" : String.join(",", defaultValue),
                description,
                false,
                r -> r.list(name, defaultValue));
    }

    /** A file or directory; null when neither given nor defaulted. */
    public static Setting<Path> path(String name, Path defaultValue, String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                "path",
                defaultValue == null ? "none" : defaultValue.toString(),
                description,
                false,
                r -> {
                    Path path = r.path(name, defaultValue);
                    return path == null || path.toString().isBlank() ? null : path;
                });
    }

    /** One of a few named values: {@code parse} gives empty for an unknown one; {@code valid} says what to use. */
    public static <T> Setting<T> choice(
            String name,
            T defaultValue,
            String defaultText,
            String type,
            Function<String, Optional<T>> parse,
            String valid,
            String description) {
        return new Setting<>(
                name,
                ConfigReader.envName(name),
                type,
                defaultText,
                description,
                false,
                r -> r.choice(name, defaultValue, defaultText, parse, valid));
    }

    /** A setting read by {@code reader} (a value built from the text with checks of its own). */
    public static <T> Setting<T> custom(
            String name, String type, String defaultText, String description, Function<ConfigReader, T> reader) {
        return new Setting<>(name, ConfigReader.envName(name), type, defaultText, description, false, reader);
    }

    /** A setting read from the environment only (e.g. the {@code HOOKSTREAM_KAFKA_*} family). */
    public static <T> Setting<T> envOnly(
            String env, String type, String defaultText, String description, Function<ConfigReader, T> reader) {
        return new Setting<>(null, env, type, defaultText, description, false, reader);
    }
}
