package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.httpGet;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.Executions.sh;
import static io.hookstream.worker.executor.Executions.tcp;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.internal.ProcessSpawner;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An abort in the middle of each Operator action ends it: processes gone, connections closed. */
class OperatorAbortTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.allExecutors();

    @TempDir
    Path temp;

    private RunningHook startScript(String script, Path pids, int expectedPids) {
        RunningHook hook = FIXTURE.start(operator(sh(script), Map.of("PIDS", pids.toString()), TIMEOUT, 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> Pids.read(pids).size() == expectedPids);
        return hook;
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGracePeriodBeforeTheAbortCompletes() throws Exception {
        Path pids = temp.resolve("pids");
        RunningHook hook = startScript(
                "trap '' TERM; echo $$ >> \"$PIDS\"; sleep 300 & echo $! >> \"$PIDS\"; wait;" + " wait; wait", pids, 2);

        long began = System.nanoTime();
        await(hook.abort(Reasons.LEASE_LOST, "lease lost"));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .as("SIGKILL waits for the 300ms grace period")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Pids.read(pids))
                .allSatisfy(pid ->
                        assertThat(Pids.running(pid)).as("process %d", pid).isFalse());
        ExecutionReport report = await(hook.report());
        assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(report.message()).contains("SIGKILL after the 300ms grace period");
    }

    @Test
    void anOrphanLeftInTheProcessGroupIsEndedToo() throws Exception {
        assumeTrue(ProcessSpawner.shared().groups(), "needs setsid: execs in their own process group");
        Path pids = temp.resolve("pids");
        // the inner sh exits at once: its sleep is re-parented away from the hook, but stays in its process group
        RunningHook hook =
                startScript("sh -c 'sleep 300 & echo $! >> \"$PIDS\"'; echo $$ >> \"$PIDS\"; sleep 300", pids, 2);
        long orphan = Pids.read(pids).get(0);
        assertThat(ProcessHandle.current().descendants().mapToLong(ProcessHandle::pid))
                .as("the orphan is no descendant of the worker any more")
                .doesNotContain(orphan);

        await(hook.abort(Reasons.CANCELLED, "cancelled"));

        assertThat(Pids.read(pids))
                .allSatisfy(pid ->
                        assertThat(Pids.running(pid)).as("process %d", pid).isFalse());
    }

    @Test
    void abortClosesTheConnectionOfAnHttpRequestInFlight() {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        HttpServer server = await(FIXTURE.vertx()
                .createHttpServer()
                .requestHandler(request -> {
                    requests.incrementAndGet(); // never answers
                    request.connection().closeHandler(ignored -> closed.incrementAndGet());
                })
                .listen(0, "127.0.0.1"));
        try {
            RunningHook hook = FIXTURE.start(operator(httpGet(server.actualPort(), "/slow"), TIMEOUT));
            await().atMost(Duration.ofSeconds(20)).until(() -> requests.get() == 1);

            await(hook.abort(Reasons.LEASE_LOST, "lease lost"));

            ExecutionReport report = await(hook.report());
            assertThat(report.status()).isEqualTo(HookStatus.Failed);
            assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
            assertThat(report.message()).contains("lease lost", "connection closed");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(closed)
                            .as("the server saw the connection closed")
                            .hasValue(1));
        } finally {
            await(server.close());
        }
    }

    /**
     * A listener whose accept queue is full (backlog 1, two connections waiting): a further connect hangs in the
     * handshake. The abort ends the attempt at once; once the queue drains, the connection the attempt had asked
     * for is closed by it without a byte sent.
     */
    @Test
    void abortEndsATcpConnectThatHangs() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket first = new Socket();
                Socket second = new Socket()) {
            first.connect(listener.getLocalSocketAddress(), 2_000);
            second.connect(listener.getLocalSocketAddress(), 2_000);
            RunningHook hook = FIXTURE.start(operator(tcp(listener.getLocalPort()), TIMEOUT));
            await().atMost(Duration.ofSeconds(20)).until(() -> connecting(listener.getLocalPort()));

            long began = System.nanoTime();
            await(hook.abort(Reasons.CANCELLED, "cancelled"));

            ExecutionReport report = await(hook.report());
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
            assertThat(report.reason()).isEqualTo(Reasons.CANCELLED);
            assertThat(report.message()).contains("cancelled", "action.tcpSocket was stopped");
            listener.setSoTimeout(30_000);
            List<Socket> accepted = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    accepted.add(listener.accept());
                }
                try (InputStream fromHook = accepted.get(2).getInputStream()) {
                    accepted.get(2).setSoTimeout(10_000);
                    assertThat(fromHook.read())
                            .as("the late connection is closed, nothing sent")
                            .isEqualTo(-1);
                }
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    /**
     * True while a socket of this machine is in SYN_SENT (state 02) towards port {@code port} (/proc/net/tcp and
     * tcp6: the JVM's sockets are dual-stack, so an IPv4 connect may show there).
     */
    private static boolean connecting(int port) throws IOException {
        String remotePort = String.format(":%04X", port);
        List<String> lines = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            lines.addAll(Files.readAllLines(Path.of(table)));
        }
        return lines.stream()
                .map(line -> line.trim().split("\\s+"))
                .anyMatch(fields -> fields.length > 3 && fields[2].endsWith(remotePort) && fields[3].equals("02"));
    }
}
