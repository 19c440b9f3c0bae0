package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.template.IntOrString;
import java.util.Locale;

/**
 * Where an httpGet, httpPost or tcpSocket action connects: scheme (HTTP unless HTTPS), host (localhost unless
 * set) and a numeric port. Only the scheme, host and port appear in messages, never the path, which may hold a
 * secret (a webhook token, say).
 */
public record Endpoint(boolean tls, String host, int port) {

    public static final String DEFAULT_HOST = "localhost";

    /**
     * @param field the action's field name for messages, such as {@code action.httpGet}
     * @throws InvalidActionException when the scheme is unknown or the port is missing, named or out of range
     */
    public static Endpoint of(String field, String scheme, String host, IntOrString port)
            throws InvalidActionException {
        boolean tls = false;
        if (scheme != null && !scheme.isBlank()) {
            switch (scheme.trim().toUpperCase(Locale.ROOT)) {
                case "HTTP" -> tls = false;
                case "HTTPS" -> tls = true;
                default ->
                    throw new InvalidActionException(field + ".scheme must be HTTP or HTTPS, got '" + scheme + "'");
            }
        }
        if (port == null) {
            throw new InvalidActionException(field + ".port is required: give a port number");
        }
        if (!port.isInt()) {
            throw new InvalidActionException(field + ".port: named port " + port.stringValue()
                    + " needs a Pod executor; the Operator executor needs a port number");
        }
        int number = port.intValue();
        if (number < 1 || number > 65535) {
            throw new InvalidActionException(field + ".port must be between 1 and 65535, got " + number);
        }
        String effectiveHost = host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
        return new Endpoint(tls, effectiveHost, number);
    }

    /** {@code http://host:port} or {@code https://host:port}, for messages. */
    public String describe() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "https" : "http") + "://" + shownHost + ":" + port;
    }

    /** {@code host:port}, for TCP messages. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
