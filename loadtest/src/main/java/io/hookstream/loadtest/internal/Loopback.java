package io.hookstream.loadtest.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool only sends traffic to this machine: every broker it is pointed at must resolve to loopback
 * addresses only (127.0.0.0/8, ::1, localhost), and every server it starts binds 127.0.0.1.
 */
public final class Loopback {

    /** The address every server of the tool binds. */
    public static final String HOST = "127.0.0.1";

    private Loopback() {}

    /** Problems with a {@code host:port,host:port} list, each naming {@code flag}; empty when all are loopback. */
    public static List<String> problems(String flag, String servers) {
        List<String> problems = new ArrayList<>();
        if (servers == null || servers.isBlank()) {
            problems.add(flag + ": must name a broker, e.g. 127.0.0.1:9092");
            return problems;
        }
        for (String server : servers.split(",")) {
            String host = hostOf(server.trim());
            if (host.isEmpty()) {
                problems.add(flag + ": '" + server + "' has no host; write host:port, e.g. 127.0.0.1:9092");
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    if (!address.isLoopbackAddress()) {
                        problems.add(flag + ": " + host + " resolves to " + address.getHostAddress()
                                + ", which is not a loopback address; the load-test tool only sends traffic to this"
                                + " machine (127.0.0.0/8, ::1, localhost)");
                        break;
                    }
                }
            } catch (UnknownHostException e) {
                problems.add(flag + ": cannot resolve host '" + host + "'; use 127.0.0.1:PORT");
            }
        }
        return problems;
    }

    static String hostOf(String server) {
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            return close < 0 ? "" : server.substring(1, close);
        }
        int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
    }
}
