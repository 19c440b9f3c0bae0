package io.hookstream.templates.render.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON encoding as Go's {@code encoding/json} (used by sprig's {@code toJson}) does it: struct fields in
 * declaration order under their JSON names (empty ones left out, as {@code omitempty}), map keys sorted, and
 * HTML-sensitive characters escaped ({@code <}, {@code >}, {@code &} as {@code \u003c} and so on).
 */
public final class GoJson {

    private GoJson() {}

    public static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null || (value instanceof GoStruct s && s.nil())) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Double d) {
            out.append(Printer.jsonFloat(d));
        } else if (value instanceof Long || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof GoStruct struct) {
            writeStruct(out, struct);
        } else if (value instanceof ParamValues params) {
            writeMap(out, params.values());
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map);
        } else {
            throw new IllegalStateException("no JSON form for " + value.getClass());
        }
    }

    private static void writeStruct(StringBuilder out, GoStruct struct) {
        out.append('{');
        boolean first = true;
        for (GoStruct.GoField field : struct.fields()) {
            if (field.jsonName() == null || Printer.isEmpty(field.value())) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, field.jsonName());
            out.append(':');
            write(out, field.value());
        }
        out.append('}');
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, String.valueOf(entry.getKey()));
            out.append(':');
            write(out, entry.getValue());
        }
        out.append('}');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !isPairedSurrogate(s, i)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
