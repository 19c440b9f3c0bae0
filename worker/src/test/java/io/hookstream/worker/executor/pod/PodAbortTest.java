package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;
import static io.hookstream.worker.executor.pod.PodFixtures.CONTAINER;
import static io.hookstream.worker.executor.pod.PodFixtures.exec;
import static io.hookstream.worker.executor.pod.PodFixtures.execPath;
import static io.hookstream.worker.executor.pod.PodFixtures.execution;
import static io.hookstream.worker.executor.pod.PodFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.RunningHook;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An abort of a Pod hook closes its exec stream (the command in the pod cannot be stopped) and its probes. */
@EnableKubernetesMockClient(crud = true)
class PodAbortTest extends PodExecutorCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static KubernetesMockServer server;
    static KubernetesClient client;

    PodAbortTest() {
        super("abort");
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    @BeforeEach
    void start() {
        client.pods()
                .inNamespace(namespace)
                .resource(running(namespace, "db-0", Map.of("app", "db")))
                .create();
    }

    @Test
    void abortClosesTheExecStreamAndReportsTheReason() throws Exception {
        server.expect()
                .get()
                .withPath(execPath(namespace, "db-0", CONTAINER, List.of("pg_dump", "orders")))
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("dumping\n"))
                .waitFor(5_000)
                .andEmit(new WebSocketMessage(5_000L, new byte[] {1, 'x'}, true, true))
                .done()
                .once();
        RunningHook hook =
                runner.start(execution(namespace, "app=db", null, null, exec("pg_dump", "orders"), Map.of(), TIMEOUT));
        // the exec's upgrade is the last request the server took (counting connections raced with the keep-alive
        // connections of the test before closing meanwhile)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> server.getLastRequest() != null
                        && server.getLastRequest().getPath().contains("/pods/db-0/exec"));
        int open = establishedTo(server.getPort());

        long began = System.nanoTime();
        await(hook.abort(Reasons.LEASE_LOST, "lease lost"));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .as("not waiting for the command")
                .isLessThan(Duration.ofSeconds(4));
        ExecutionReport report = await(hook.report());
        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(report.message())
                .startsWith("lease lost; action.exec in pod db-0")
                .contains("exec stream was closed", "cannot stop the command");
        assertThat(report.targets())
                .singleElement()
                .satisfies(target -> assertThat(target.name()).isEqualTo("pod/db-0"));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(establishedTo(server.getPort()))
                        .as("the API server's side of the exec connection is closed")
                        .isLessThan(open));
    }

    @Test
    void abortClosesTheConnectionOfAProbeInFlight() {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        HttpServer http = await(vertx.createHttpServer()
                .requestHandler(request -> {
                    requests.incrementAndGet(); // never answers
                    request.connection().closeHandler(ignored -> closed.incrementAndGet());
                })
                .listen(0, "127.0.0.1"));
        try {
            HookAction probe = new HookAction(
                    null,
                    new HttpGetAction("/ready", IntOrString.of(http.actualPort()), null, null, List.of()),
                    null,
                    null,
                    null);
            RunningHook hook = runner.start(execution(namespace, "app=db", null, null, probe, Map.of(), TIMEOUT));
            await().atMost(Duration.ofSeconds(20)).until(() -> requests.get() == 1);

            await(hook.abort(Reasons.CANCELLED, "cancelled"));

            assertThat(await(hook.report()).reason()).isEqualTo(Reasons.CANCELLED);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(closed).hasValue(1));
        } finally {
            await(http.close());
        }
    }

    /**
     * ESTABLISHED TCP sockets (state 01 in /proc/net/tcp and tcp6) whose local port is {@code port}: the mock API
     * server's side of its open connections.
     */
    private static int establishedTo(int port) throws IOException {
        String local = String.format(":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local) && fields[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }
}
