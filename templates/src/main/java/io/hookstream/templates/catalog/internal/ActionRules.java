package io.hookstream.templates.catalog.internal;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules every action that is set must follow (all set actions run, so all are checked): exec has a
 * command, HTTP and TCP actions have a valid port, HTTP schemes are HTTP or HTTPS.
 */
public final class ActionRules {

    /** A Kubernetes port name (IANA service name): lower-case letters, digits and single inner dashes. */
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9]|-(?!-))*");

    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private ActionRules() {}

    /** Adds a problem, with a field under {@code field}, for every rule that {@code action} breaks. */
    public static void check(HookAction action, String field, List<Problem> out) {
        if (action.exec() != null) {
            exec(action.exec(), field + ".exec", out);
        }
        if (action.httpGet() != null) {
            String at = field + ".httpGet";
            port(action.httpGet().port(), at + ".port", out);
            scheme(action.httpGet().scheme(), at + ".scheme", out);
            headers(action.httpGet().httpHeaders(), at + ".httpHeaders", out);
        }
        if (action.httpPost() != null) {
            String at = field + ".httpPost";
            port(action.httpPost().port(), at + ".port", out);
            scheme(action.httpPost().scheme(), at + ".scheme", out);
            headers(action.httpPost().httpHeaders(), at + ".httpHeaders", out);
        }
        if (action.tcpSocket() != null) {
            TcpSocketAction tcp = action.tcpSocket();
            port(tcp.port(), field + ".tcpSocket.port", out);
        }
    }

    private static void exec(ExecAction exec, String field, List<Problem> out) {
        List<String> command = exec.command();
        if (command == null || command.isEmpty()) {
            out.add(problem(
                    field + ".command",
                    "must not be empty: list the program and its arguments, " + "e.g. [/bin/sh, -c, \"echo done\"]"));
        } else if (command.get(0).isBlank()) {
            out.add(problem(field + ".command[0]", "the program to run must not be empty"));
        }
    }

    private static void port(IntOrString port, String field, List<Problem> out) {
        if (port == null) {
            out.add(problem(field, "required: a port number (1-65535) or the name of a container port"));
        } else if (port.isInt()) {
            if (port.intValue() < 1 || port.intValue() > 65535) {
                out.add(problem(field, "port " + port.intValue() + " is out of range; use 1-65535"));
            }
        } else if (!isPortName(port.stringValue())) {
            out.add(problem(
                    field,
                    "'" + port.stringValue() + "' is neither a port number (1-65535) nor a valid "
                            + "port name (at most 15 lower-case letters, digits and inner dashes, with a letter)"));
        }
    }

    static boolean isPortName(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= 15
                && PORT_NAME.matcher(name).matches()
                && !name.endsWith("-")
                && HAS_LETTER.matcher(name).matches();
    }

    private static void scheme(String scheme, String field, List<Problem> out) {
        if (scheme != null && !scheme.isEmpty()) {
            String upper = scheme.toUpperCase(Locale.ROOT);
            if (!upper.equals("HTTP") && !upper.equals("HTTPS")) {
                out.add(problem(field, "'" + scheme + "' is not supported; use HTTP or HTTPS"));
            }
        }
    }

    private static void headers(List<HttpHeader> headers, String field, List<Problem> out) {
        if (headers == null) {
            return;
        }
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name() == null || headers.get(i).name().isBlank()) {
                out.add(problem(field + "[" + i + "].name", "required: the header name"));
            }
        }
    }

    private static Problem problem(String field, String message) {
        return new Problem(field, Reasons.INVALID_TEMPLATE, message);
    }
}
