package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.RunSummary;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run stream over a real HTTP server on loopback and raw sockets as clients: what a client sees, how it resumes
 * with Last-Event-ID, and that a client which stops reading costs the dispatcher no memory beyond its connection's
 * write queue (it is told to reset instead).
 */
class RunStreamTest {

    private static final String BIG = "x".repeat(2000);
    private static final IndexGate.Index READY = new IndexGate.Index() {
        @Override
        public boolean caughtUp() {
            return true;
        }

        @Override
        public void start() {}

        @Override
        public CompletionStage<Void> whenCaughtUp() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String problem() {
            return null;
        }
    };

    private Vertx vertx;
    private HttpServer server;
    private final RunStream stream = new RunStream();
    private int runs;
    /** The event loop of the last stream opened: where its client writes. */
    private volatile io.vertx.core.Context streamContext;

    private final java.util.concurrent.atomic.AtomicBoolean tokenAccepted =
            new java.util.concurrent.atomic.AtomicBoolean(true);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RunStreamEndpoint endpoint =
                new RunStreamEndpoint(vertx, stream, new IndexGate(vertx, READY), Duration.ofMillis(200));
        // what ApiGuard leaves for a request whose token it accepted: whether that token is still accepted
        router.get("/v1/runs")
                .handler(ctx -> {
                    ctx.put("hookstream.stillAccepted", (java.util.function.BooleanSupplier) tokenAccepted::get);
                    streamContext = Vertx.currentContext();
                    ctx.next();
                })
                .handler(endpoint::handle);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientGetsHelloThenTheChangesItsFilterConcernsAsRunEvents() throws Exception {
        try (Client client = Client.open(server.actualPort(), "/v1/runs?status=Failed", null)) {
            client.awaitEvent("hello");
            stream.publish(List.of(change("a", RunStatus.Running, null), change("b", RunStatus.Failed, null)));
            Event event = client.awaitEvent("run");
            assertThat(event.data()).contains("\"runId\":\"b\"").contains("\"status\":\"Failed\"");
            stream.publish(List.of(new RunChange(summary("b", RunStatus.Failed, null), null)));
            assertThat(client.awaitEvent("removed").data()).isEqualTo("{\"runId\":\"b\"}");
        }
    }

    @Test
    void aStreamEndsAtItsNextHeartbeatOnceItsTokenIsRevoked() throws Exception {
        try (Client client = Client.open(server.actualPort(), "/v1/runs", null)) {
            client.awaitEvent("hello");
            tokenAccepted.set(false);
            assertThat(client.readToEnd())
                    .as("the stream ends (the server closes it) instead of serving a revoked token")
                    .isTrue();
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsWhatItMissedAndAForeignIdGetsAReset() throws Exception {
        String lastId;
        try (Client client = Client.open(server.actualPort(), "/v1/runs", null)) {
            lastId = client.awaitEvent("hello").id();
        }
        stream.publish(List.of(change("m1", RunStatus.Running, null), change("m2", RunStatus.Succeeded, null)));
        try (Client again = Client.open(server.actualPort(), "/v1/runs", lastId)) {
            assertThat(again.awaitEvent("run").data()).contains("\"runId\":\"m1\"");
            assertThat(again.awaitEvent("run").data()).contains("\"runId\":\"m2\"");
        }
        try (Client foreign = Client.open(server.actualPort(), "/v1/runs", "another-instance-7")) {
            foreign.awaitEvent("reset");
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotGrowTheServersMemoryAndIsToldToResetWhenItReadsAgain() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Client slow = Client.open(server.actualPort(), "/v1/runs", null)) {
            slow.awaitEvent("hello");
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            // ~200 MB of events for a client that reads none of them: buffered, they would fill the heap. They go
            // out a few at a time, each batch after the stream's event loop has had its turn with the one before,
            // so the stream is never left behind by the ring: only its write queue can stop it writing
            for (int batch = 0; batch < 6250; batch++) {
                List<RunChange> changes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    changes.add(change("slow-" + batch + "-" + i, RunStatus.Running, BIG));
                }
                stream.publish(changes);
                CompletableFuture<Void> turn = new CompletableFuture<>();
                streamContext.runOnContext(v -> turn.complete(null));
                turn.get(10, TimeUnit.SECONDS);
            }
            // buffered for the client, the events would stay on the heap until it reads them, which it does not
            Awaitility.await("the heap back within 40 MB of where it was, ~200 MB of events later")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        System.gc();
                        return memory.getHeapMemoryUsage().getUsed() - before < (40L << 20);
                    });

            // reading again: the few events its connection had room for, then a reset, then live changes
            Event reset = slow.awaitEvent("reset");
            assertThat(slow.skipped)
                    .as("events the slow client got before its reset: what its write queue held, not the backlog")
                    .isLessThan(RunStream.CAPACITY);
            // the reset may have come while the backlog was still being published: the client reads on until the
            // stream has caught up with it (another reset, or the last change), then hears live changes
            long published = stream.position();
            Event caughtUp = reset;
            while (seq(caughtUp.id()) < published) {
                caughtUp = slow.awaitEvent(null);
            }
            stream.publish(List.of(change("after-reset", RunStatus.Succeeded, null)));
            Event next = slow.awaitEvent("run");
            assertThat(next.data()).contains("after-reset");
            assertThat(seq(next.id())).isGreaterThan(seq(reset.id()));
        }
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private RunChange change(String runId, RunStatus status, String message) {
        return new RunChange(null, summary(runId, status, message));
    }

    private RunSummary summary(String runId, RunStatus status, String message) {
        runs++;
        return new RunSummary(
                runId,
                Phase.PRE_BACKUP,
                status,
                null,
                message,
                new ObjectReference("core.kubestash.com", "BackupConfiguration", "demo", "db"),
                "db-1",
                1,
                status.isTerminal() ? 1 : 0,
                null,
                Instant.parse("2026-12-06T10:00:00Z").plusMillis(runs),
                null,
                null);
    }

    record Event(String id, String type, String data) {}

    /** An SSE client on a raw socket with a small receive buffer, reading only when asked. */
    private static final class Client implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;
        /** Events read and passed over by {@link #awaitEvent}. */
        int skipped;

        private Client(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        static Client open(int port, String path, String lastEventId) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                            + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Client client = new Client(socket);
            String status = client.in.readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
            return client;
        }

        /** Reads events (skipping others) until one of {@code type}, or the next event of any type when null. */
        Event awaitEvent(String type) throws IOException {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String line;
            while ((line = in.readLine()) != null) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no " + type + " event within 20 s");
                }
                if (line.isEmpty()) {
                    if (event != null && (type == null || type.equals(event))) {
                        return new Event(id, event, data.toString());
                    }
                    if (event != null) {
                        skipped++;
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            throw new IOException("the stream ended before a " + type + " event");
        }

        /**
         * Reads until the server ends the response (its last chunk, of size 0, or the connection closed): true when
         * it ended, false when it goes on for 10 s (heartbeats keep a read timeout from firing).
         */
        boolean readToEnd() throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("0") && "".equals(in.readLine())) {
                        return true;
                    }
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
