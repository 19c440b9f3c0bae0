package io.hookstream.kafka;

import io.hookstream.schemas.event.TargetResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which params are secrets (their name contains one of the patterns, case-insensitive) and scrubbing of their
 * values from text that leaves the process: messages, output tails, errors. Values shorter than
 * {@link #MIN_SCRUBBED_LENGTH} characters are not scrubbed (they would blank out ordinary text).
 */
public final class SecretParams {

    /** The default name patterns (setting {@code secret-param-patterns}). */
    public static final List<String> DEFAULT_PATTERNS = List.of("PASSWORD", "TOKEN", "SECRET", "KEY", "CREDENTIAL");

    public static final String MASK = "***";
    public static final int MIN_SCRUBBED_LENGTH = 4;
    /** Leads an output tail that lost its beginning (as the worker's output tails do). */
    public static final String TRUNCATION_MARK = "…";

    private static final SecretParams DEFAULTS = new SecretParams(DEFAULT_PATTERNS);

    /** The setting {@code secret-param-patterns}. */
    public static final Setting<SecretParams> PATTERNS = Setting.custom(
            "secret-param-patterns",
            "list",
            String.join(",", DEFAULT_PATTERNS),
            "Params whose names contain one of these (any case) are secrets:"
                    + " their values (at least 4 characters) are replaced by *** in results, outcomes and logs"
                    + " (see docs/security.md).",
            SecretParams::from);

    private final List<String> patterns;

    public SecretParams(List<String> patterns) {
        List<String> upper = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern != null && !pattern.isBlank()) {
                upper.add(pattern.strip().toUpperCase(Locale.ROOT));
            }
        }
        this.patterns = List.copyOf(upper);
    }

    public static SecretParams defaults() {
        return DEFAULTS;
    }

    /** Patterns from a comma list such as {@code PASSWORD,TOKEN}; blank entries are ignored. */
    public static SecretParams parse(String commaList) {
        return new SecretParams(List.of(commaList == null ? new String[0] : commaList.split(",")));
    }

    /** Reads {@code secret-param-patterns} (default {@link #DEFAULT_PATTERNS}). */
    public static SecretParams from(ConfigReader reader) {
        String text = reader.string(PATTERNS.name(), String.join(",", DEFAULT_PATTERNS));
        SecretParams params = parse(text);
        if (params.patterns.isEmpty()) {
            reader.problem(
                    PATTERNS.name(),
                    "names no pattern; give a comma list such as " + String.join(",", DEFAULT_PATTERNS));
        }
        return params;
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean isSecret(String paramName) {
        if (paramName == null) {
            return false;
        }
        String upper = paramName.toUpperCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (upper.contains(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** The scrubber for the values of the secret params among {@code params}. */
    public Scrubber scrubberFor(Map<String, String> params) {
        Set<String> values = new LinkedHashSet<>();
        if (params != null) {
            params.forEach((name, value) -> {
                if (isSecret(name) && value != null && value.length() >= MIN_SCRUBBED_LENGTH) {
                    values.add(value);
                    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                    if (!encoded.equals(value)) {
                        values.add(encoded);
                    }
                }
            });
        }
        return new Scrubber(values);
    }

    /** Replaces known secret values by {@link #MASK}. */
    public static final class Scrubber {

        private final List<String> values;

        Scrubber(Set<String> values) {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: overlapping values
            this.values = List.copyOf(sorted);
        }

        public boolean isEmpty() {
            return values.isEmpty();
        }

        /** {@code text} with every occurrence of a secret value replaced by {@link #MASK}; null stays null. */
        public String scrub(String text) {
            if (text == null || values.isEmpty()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int i = 0;
            outer:
            while (i < text.length()) {
                for (String value : values) {
                    if (text.startsWith(value, i)) {
                        out.append(MASK);
                        i += value.length();
                        continue outer;
                    }
                }
                out.append(text.charAt(i));
                i++;
            }
            return out.toString();
        }

        /** {@code targets} with secret values masked in their names, output tails and errors; null stays null. */
        public List<TargetResult> scrubTargets(List<TargetResult> targets) {
            if (targets == null || values.isEmpty()) {
                return targets;
            }
            return targets.stream()
                    .map(t -> new TargetResult(
                            scrub(t.name()),
                            t.exitCode(),
                            t.httpStatus(),
                            scrubTail(t.stdout()),
                            scrubTail(t.stderr()),
                            scrub(t.error())))
                    .toList();
        }

        /**
         * Scrubs an output tail. A tail that starts with {@link #TRUNCATION_MARK} lost its beginning, so it may
         * start with the end of a secret value that was cut in two: that remainder (of any length) is masked too.
         */
        public String scrubTail(String tail) {
            String scrubbed = scrub(tail);
            if (scrubbed == null || !scrubbed.startsWith(TRUNCATION_MARK)) {
                return scrubbed;
            }
            String rest = scrubbed.substring(TRUNCATION_MARK.length());
            int cut = longestSuffixOfValueAtStart(rest);
            return cut == 0 ? scrubbed : TRUNCATION_MARK + MASK + rest.substring(cut);
        }

        private int longestSuffixOfValueAtStart(String text) {
            int best = 0;
            for (String value : values) {
                for (int len = Math.min(value.length() - 1, text.length()); len > best; len--) {
                    if (text.startsWith(value.substring(value.length() - len))) {
                        best = len;
                        break;
                    }
                }
            }
            return best;
        }
    }
}
