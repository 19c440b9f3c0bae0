package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthPortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeFreeAndNeverGivenTwice() throws IOException {
        HealthPorts ports = new HealthPorts(new Random(5), 20_300);
        Set<Integer> seen = new HashSet<>();

        for (int i = 0; i < 50; i++) {
            int port = ports.next();
            assertThat(port).isBetween(HealthPorts.LOWEST, 20_299);
            assertThat(seen.add(port)).as("port %d given twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(Loopback.HOST))) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernelsFileOr32768(@TempDir Path dir) throws IOException {
        Path range = Files.writeString(dir.resolve("ip_local_port_range"), "40000\t60999\n");

        assertThat(HealthPorts.ephemeralLow(range)).isEqualTo(40_000);
        assertThat(HealthPorts.ephemeralLow(dir.resolve("missing"))).isEqualTo(32_768);
    }
}
