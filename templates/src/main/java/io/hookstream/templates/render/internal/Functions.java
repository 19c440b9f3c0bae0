package io.hookstream.templates.render.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The functions hook templates may call, with sprig's semantics: {@code toJson}, {@code dict}, {@code default},
 * {@code quote}, {@code upper}, {@code lower}, and Go's {@code printf} for {@code %s %d %v %q}. Arity and
 * argument types are checked; a mistake is an error, never an empty result.
 */
public final class Functions {

    private static final Map<String, Function<List<Object>, Object>> TABLE = Map.of(
            "toJson", Functions::toJson,
            "dict", Functions::dict,
            "default", Functions::defaultValue,
            "quote", Functions::quote,
            "upper", args -> string("upper", args).toUpperCase(Locale.ROOT),
            "lower", args -> string("lower", args).toLowerCase(Locale.ROOT),
            "printf", Printf::format);

    private Functions() {}

    public static boolean exists(String name) {
        return TABLE.containsKey(name);
    }

    /** The supported names, sorted, for messages. */
    public static String names() {
        return String.join(", ", new TreeSet<>(TABLE.keySet()));
    }

    /** Calls a function; a wrong call throws a {@link TemplateError} naming the function. */
    public static Object call(String name, List<Object> args) {
        Function<List<Object>, Object> function = TABLE.get(name);
        if (function == null) {
            throw new TemplateError("unknown function '" + name + "'; supported functions are " + names());
        }
        return function.apply(args);
    }

    private static Object toJson(List<Object> args) {
        arity("toJson", args, 1, 1);
        return GoJson.encode(args.get(0));
    }

    private static Object dict(List<Object> args) {
        if (args.size() % 2 != 0) {
            throw new TemplateError(
                    "dict needs key and value pairs (dict \"k1\" v1 \"k2\" v2 ...); got " + args.size() + " arguments");
        }
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            Object key = args.get(i);
            if (!(key instanceof String) && !(key instanceof Long) && !(key instanceof Boolean)) {
                throw new TemplateError(
                        "dict keys must be strings; argument " + (i + 1) + " is " + Printer.typeName(key));
            }
            map.put(Printer.print(key), args.get(i + 1));
        }
        return map;
    }

    /** sprig: {@code default DEFAULT VALUE} gives VALUE unless it is empty. */
    private static Object defaultValue(List<Object> args) {
        arity("default", args, 1, 2);
        if (args.size() == 1 || Printer.isEmpty(args.get(1))) {
            return args.get(0);
        }
        return args.get(1);
    }

    /** sprig: each argument Go-quoted, joined by spaces; absent (nil) values are skipped. */
    private static Object quote(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (Object arg : args) {
            if (arg == null || (arg instanceof GoStruct s && s.nil())) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(GoStrings.quote(Printer.print(arg)));
        }
        return out.toString();
    }

    private static String string(String name, List<Object> args) {
        arity(name, args, 1, 1);
        if (!(args.get(0) instanceof String s)) {
            throw new TemplateError(name + " needs a string; got " + Printer.typeName(args.get(0)));
        }
        return s;
    }

    static void arity(String name, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : min + " or " + max;
            throw new TemplateError(
                    name + " takes " + expected + " argument" + (max == 1 ? "" : "s") + "; got " + args.size());
        }
    }
}
