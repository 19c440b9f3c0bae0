package io.hookstream.templates.render.internal;

import java.util.List;

/** Go's {@code printf} for the verbs {@code %s}, {@code %v}, {@code %d}, {@code %q} and {@code %%}. */
final class Printf {

    private Printf() {}

    static Object format(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof String format)) {
            throw new TemplateError("printf needs a format string as its first argument");
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= format.length()) {
                throw new TemplateError("printf format ends with a lone %; write %% for a percent sign");
            }
            char verb = format.charAt(++i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if ("sdvq".indexOf(verb) < 0) {
                throw new TemplateError("printf verb %" + verb + " is not supported; use %s, %d, %v, %q or %%");
            }
            if (next >= args.size()) {
                throw new TemplateError("printf format has more verbs than arguments");
            }
            out.append(apply(verb, args.get(next++)));
        }
        if (next != args.size()) {
            throw new TemplateError("printf got " + (args.size() - next) + " more argument(s) than its format uses");
        }
        return out.toString();
    }

    private static String apply(char verb, Object arg) {
        return switch (verb) {
            case 'd' -> {
                if (!(arg instanceof Long)) {
                    throw new TemplateError("printf %d needs an integer; got " + Printer.typeName(arg));
                }
                yield String.valueOf(arg);
            }
            case 'q' -> {
                if (!(arg instanceof String s)) {
                    throw new TemplateError("printf %q needs a string; got " + Printer.typeName(arg));
                }
                yield GoStrings.quote(s);
            }
            default -> Printer.print(arg);
        };
    }
}
