package io.hookstream.embedded.internal;

import io.hookstream.embedded.EmbeddedKafkaException;
import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks free TCP ports and checks that a configured port can be bound. */
public final class Ports {

    private Ports() {}

    /** A port that was free on {@code host} a moment ago (it may be taken again before use). */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    Reason.STARTUP_FAILED,
                    "Could not find a free port on host " + host + ": " + e.getMessage()
                            + ". Check that the host is an address of this machine.",
                    e);
        }
    }

    /**
     * Fails with {@link Reason#PORT_IN_USE} when {@code port} cannot be bound on {@code host}.
     *
     * @param hint what the user can do about it, e.g. {@code Pass --kafka-port with a free port}
     */
    public static void ensureFree(String host, int port, String hint) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address(host, port));
        } catch (BindException e) {
            throw portInUse(host, port, hint, e);
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    Reason.STARTUP_FAILED,
                    "Could not bind " + BrokerSettings.hostPort(host, port) + " for the embedded Kafka broker: "
                            + e.getMessage() + ". Check the host (it must be an address of this machine).",
                    e);
        }
    }

    /** The exception for a port that is already in use; {@code hint} says what to do instead. */
    public static EmbeddedKafkaException portInUse(String host, int port, String hint, Throwable cause) {
        return new EmbeddedKafkaException(
                Reason.PORT_IN_USE,
                "Port " + port + " on " + host
                        + " is already in use, so the embedded Kafka broker cannot listen on it. " + hint
                        + ", or stop the process that uses port " + port + ".",
                cause);
    }

    /** Whether {@code failure} (or one of its causes) is a failure to bind a socket. */
    public static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.contains("failed to bind")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static InetSocketAddress address(String host, int port) throws IOException {
        return isWildcard(host)
                ? new InetSocketAddress(port)
                : new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Whether {@code host} means every interface. */
    public static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
