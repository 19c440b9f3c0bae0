package io.hookstream.standalone.observability;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the dashboard tests: the metric names an expression selects and the label names
 * it groups by or matches on. Not a parser: it handles the forms the dashboard uses (selectors with matchers and
 * ranges, aggregations with {@code by}/{@code without}, function calls, numbers).
 */
final class PromQl {

    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)\\})?");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

    /** Metric name → label names the expression uses with it (grouping labels are attributed to every metric). */
    static Map<String, Set<String>> metricsAndLabels(String expr) {
        String text = expr.replaceAll("\\[[^]]*]", " ");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher group = GROUPING.matcher(text);
        while (group.find()) {
            for (String label : group.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.trim());
                }
            }
        }
        text = GROUPING.matcher(text).replaceAll(" ");
        Map<String, Set<String>> out = new HashMap<>();
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            String name = selector.group(1);
            int after = selector.end();
            while (after < text.length() && text.charAt(after) == ' ') {
                after++;
            }
            boolean call = selector.group(2) == null && after < text.length() && text.charAt(after) == '(';
            boolean number = selector.start() > 0 && Character.isDigit(text.charAt(selector.start() - 1));
            if (call || number) {
                continue;
            }
            Set<String> labels = out.computeIfAbsent(name, n -> new LinkedHashSet<>(grouping));
            if (selector.group(3) != null) {
                Matcher label = MATCHER_LABEL.matcher(selector.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return out;
    }

    /** Metric name → label names present on its samples, from a Prometheus text exposition. */
    static Map<String, Set<String>> exposition(String body) {
        Map<String, Set<String>> out = new HashMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && brace < space ? brace : space;
            Set<String> labels = out.computeIfAbsent(line.substring(0, end), n -> new LinkedHashSet<>());
            if (end == brace) {
                Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}')));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return out;
    }

    private PromQl() {}
}
