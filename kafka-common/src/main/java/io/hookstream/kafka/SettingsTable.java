package io.hookstream.kafka;

import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of one service, in one order, each with how its resolved value is read back from the service's
 * config {@code C}. The one source of the service's {@code --help} ({@link #help}), of its start-up line
 * ({@link #describe}, secrets redacted) and of its configuration table in README.md ({@link #markdown}).
 */
public final class SettingsTable<C> {

    /** Shown in place of a secret value. */
    public static final String REDACTED = "[redacted]";

    /**
     * A setting and its resolved value in a config (null: the setting is shown by another row, e.g. the
     * hook-signing summary).
     */
    public record Row<C>(Setting<?> setting, Function<C, ?> value) {}

    private final List<Row<C>> rows;

    private SettingsTable(List<Row<C>> rows) {
        this.rows = List.copyOf(rows);
        List<String> keys = new ArrayList<>();
        for (Row<C> row : rows) {
            if (keys.contains(row.setting().key())) {
                throw new IllegalArgumentException(
                        "setting listed twice: " + row.setting().key());
            }
            keys.add(row.setting().key());
        }
    }

    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    public List<Setting<?>> settings() {
        return rows.stream().<Setting<?>>map(Row::setting).toList();
    }

    /** The flag names of the settings (environment-only ones left out). */
    public List<String> names() {
        return rows.stream()
                .map(row -> row.setting().name())
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /**
     * The resolved configuration for the start-up log, keyed by setting name, in table order: secrets show as
     * {@value #REDACTED} (or {@code none} when unset), durations as Go durations, paths absolute; a row whose value
     * is an empty {@link java.util.Optional} (a setting not in use with this configuration) is left out.
     */
    public Map<String, Object> describe(C config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row<C> row : rows) {
            if (row.value() == null) {
                continue;
            }
            Object value = row.value().apply(config);
            if (value instanceof java.util.Optional<?> optional) {
                if (optional.isEmpty()) {
                    continue; // not in use with this configuration
                }
                value = optional.get();
            }
            out.put(row.setting().key(), row.setting().secret() ? redacted(value) : shown(value));
        }
        return out;
    }

    /** The {@code --help} text: a usage line, what the command does, then every setting. */
    public String help(String usage, String about) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: ")
                .append(usage)
                .append('\n')
                .append(String.join("\n", wrap(about, 100)))
                .append('\n')
                .append("Every setting is a flag (--name value or --name=value) or an environment variable;"
                        + " flags win.\n");
        for (Setting<?> s : settings()) {
            out.append('\n').append("  ");
            if (s.flag() != null) {
                out.append(s.flag()).append(' ').append(s.valueHint()).append(", ");
            }
            out.append(s.env())
                    .append(s.flag() == null ? " (" + s.type() + ")" : "")
                    .append("  [default: ")
                    .append(s.defaultText())
                    .append(']')
                    .append(s.secret() ? " [secret]" : "")
                    .append('\n');
            for (String line : wrap(s.description(), 100)) {
                out.append("      ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The README table of these settings: flag, environment variable, type, default, description. */
    public String markdown() {
        StringBuilder out = new StringBuilder(
                "| flag | environment | type | default | description |\n" + "|---|---|---|---|---|\n");
        for (Setting<?> s : settings()) {
            out.append("| ")
                    .append(s.flag() == null ? "" : "`" + s.flag() + "`")
                    .append(" | `")
                    .append(s.env())
                    .append("` | ")
                    .append(s.type())
                    .append(s.secret() ? ", secret" : "")
                    .append(" | ")
                    .append(cell(s.defaultText()))
                    .append(" | ")
                    .append(cell(s.description()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Text in a Markdown table cell: pipes, asterisks and angle brackets shown as themselves. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;");
    }

    private static Object redacted(Object value) {
        boolean unset = value == null
                || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof String s && s.isBlank();
        return unset ? "none" : REDACTED;
    }

    private static Object shown(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration d) {
            return GoDuration.format(d);
        }
        if (value instanceof Path p) {
            return p.toAbsolutePath().normalize().toString();
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return value;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    public static final class Builder<C> {

        private final List<Row<C>> rows = new ArrayList<>();

        private Builder() {}

        /** A setting shown in the start-up line with the value {@code value} takes from the config. */
        public <T> Builder<C> add(Setting<T> setting, Function<C, ?> value) {
            rows.add(new Row<>(setting, value));
            return this;
        }

        /** A setting whose value the start-up line shows under another setting (documented, parsed, not listed). */
        public Builder<C> documented(Setting<?> setting) {
            rows.add(new Row<>(setting, null));
            return this;
        }

        /** The rows of another table (shared settings), reading their values through {@code part}. */
        public <P> Builder<C> addAll(SettingsTable<P> table, Function<C, P> part) {
            for (Row<P> row : table.rows) {
                Function<P, ?> value = row.value();
                rows.add(new Row<>(row.setting(), value == null ? null : c -> value.apply(part.apply(c))));
            }
            return this;
        }

        public SettingsTable<C> build() {
            return new SettingsTable<>(rows);
        }
    }
}
