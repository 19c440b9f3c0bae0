package io.hookstream.worker.executor.function.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KubeStash's {@code ${var}} substitution in a Function's image, command and args (as envsubst does it):
 * {@code ${name}} is the input's value or empty; {@code ${name:=default}} and {@code ${name:-default}} give the
 * default when the input is unset or empty; {@code ${name=default}} and {@code ${name-default}} only when it is
 * unset. Kubernetes' own {@code $(VAR)} references are left alone. The result is one argv item: no shell sees it.
 */
public final class Substitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?}");

    private Substitution() {}

    public static String apply(String text, Map<String, String> inputs) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(valueOf(matcher, inputs)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String valueOf(Matcher reference, Map<String, String> inputs) {
        String value = inputs.get(reference.group(1));
        String operator = reference.group(2);
        if (operator == null) {
            return value == null ? "" : value;
        }
        boolean useDefault = operator.startsWith(":") ? value == null || value.isEmpty() : value == null;
        return useDefault ? reference.group(3) : value;
    }
}
