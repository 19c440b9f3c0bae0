package io.hookstream.templates.render.internal;

import java.math.BigDecimal;
import java.util.Map;

/** How values are written into the output and tested for emptiness (sprig's {@code empty}). */
public final class Printer {

    private Printer() {}

    /**
     * The text of a value: strings as they are, numbers and booleans as Go prints them, an absent struct as "",
     * structs and maps as JSON. Never {@code <no value>}.
     */
    public static String print(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return printFloat(d);
        }
        if (value instanceof GoStruct struct && struct.nil()) {
            return "";
        }
        if (value instanceof GoStruct || value instanceof Map<?, ?> || value instanceof ParamValues) {
            return GoJson.encode(value);
        }
        return String.valueOf(value);
    }

    /** The kind of a value with its article, for messages ("a string", "the .Invoker object"); never the value. */
    public static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Long) {
            return "an integer";
        }
        if (value instanceof Double) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof GoStruct struct) {
            return "the " + struct.typeName() + " object";
        }
        return "a map";
    }

    /** sprig's {@code empty}: nil, "", 0, false, an empty map, or an absent struct. */
    public static boolean isEmpty(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof String s) {
            return s.isEmpty();
        }
        if (value instanceof Long l) {
            return l == 0;
        }
        if (value instanceof Double d) {
            return d == 0;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        if (value instanceof ParamValues p) {
            return p.values().isEmpty();
        }
        return value instanceof GoStruct struct && struct.nil();
    }

    /** A float as Go's {@code %v} prints it: shortest digits, exponent form below 1e-4 or from 1e21. */
    static String printFloat(double value) {
        return formatFloat(value, -4, true);
    }

    /** A float as Go's {@code encoding/json} writes it: exponent form below 1e-6 or from 1e21. */
    static String jsonFloat(double value) {
        return formatFloat(value, -6, false);
    }

    private static String formatFloat(double value, int minExponent, boolean padExponent) {
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= minExponent && exponent < 21) {
            return decimal.toPlainString();
        }
        String mantissa = decimal.movePointLeft(exponent).stripTrailingZeros().toPlainString();
        int magnitude = Math.abs(exponent);
        String digits = padExponent ? String.format("%02d", magnitude) : String.valueOf(magnitude);
        return mantissa + (exponent < 0 ? "e-" : "e+") + digits;
    }
}
