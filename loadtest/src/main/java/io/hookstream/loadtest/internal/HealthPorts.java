package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Ports for the worker JVMs' health endpoints, chosen by the tool so that it knows where to ask for readiness. A
 * port the kernel hands out for {@code bind(0)} is an ephemeral port, which the worker's own Kafka connections may
 * take before its HTTP server binds it; so the ports come from below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 when unknown), free when chosen, and never twice in a run.
 */
final class HealthPorts {

    static final int LOWEST = 20_000;
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final int ATTEMPTS = 200;

    private final Random random;
    private final int below;
    private final Set<Integer> given = new HashSet<>();

    HealthPorts(Random random, int ephemeralLow) {
        this.random = random;
        this.below = Math.max(LOWEST + 100, ephemeralLow);
    }

    static HealthPorts belowEphemeralRange(Random random) {
        return new HealthPorts(random, ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    }

    static int ephemeralLow(Path rangeFile) {
        try {
            String[] range = Files.readString(rangeFile).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** A loopback port not given before that nothing listens on now. */
    synchronized int next() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = LOWEST + random.nextInt(below - LOWEST);
            if (!given.contains(port) && bindable(port)) {
                given.add(port);
                return port;
            }
        }
        throw new LoadTestException(
                "NoFreePort",
                "found no free loopback port between " + LOWEST + " and " + below
                        + " for a worker's health endpoint in " + ATTEMPTS + " tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(Loopback.HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
