package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.LoopWatch;
import io.hookstream.testing.RecordCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM on a broker that enforces ACLs loses its principal's ACLs while it works (an operator revokes
 * them, a Strimzi KafkaUser is changed): its consumer loops die on the authorization error, and rather than
 * looking alive while doing nothing, the process stops in order and exits with
 * {@value LoopWatch#EXIT_LOOP_FAILED}, the cause in its log, so that its supervisor restarts it (and keeps
 * restarting it, visibly, until the ACLs are back).
 */
class WorkerLosesItsAclsIT {

    @TempDir
    Path dir;

    @Test
    void aWorkerWhosePrincipalLosesItsAclsExitsNonZeroWithTheCauseInItsLog() throws Exception {
        try (SaslStack stack = SaslStack.startWithoutWorker(dir);
                RecordCollector results =
                        RecordCollector.assign(stack.bootstrap(), stack.topics.results(), stack.login("admin"));
                ServiceProcess worker = ServiceProcess.worker(
                        stack.bootstrap(),
                        dir,
                        "worker",
                        "--kafka-properties-file",
                        dir.resolve("worker.properties").toString(),
                        "--templates",
                        dir.resolve("templates").toString(),
                        "--topic-partitions",
                        Integer.toString(SaslStack.PARTITIONS),
                        "--worker-instances",
                        "2",
                        "--worker-http-port",
                        "0",
                        "--kubernetes",
                        "false",
                        "--shutdown-timeout",
                        "10s")) {
            for (int i = 0; i < 5; i++) {
                submit(stack, "before-" + i);
            }
            Awaitility.await("the worker runs hooks")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> results.records().size() >= 5);
            assertThat(worker.isAlive()).isTrue();

            stack.revokeAcls("worker");
            submit(stack, "after-revoke");

            long revokedAt = System.nanoTime();
            int exit = worker.waitFor(Duration.ofSeconds(120));
            String log = worker.output();
            System.out.printf(
                    "worker exited with %d %.1f s after its ACLs were revoked:%n%s%n",
                    exit,
                    (System.nanoTime() - revokedAt) / 1e9,
                    String.join(
                            "\n",
                            log.lines()
                                    .filter(l -> l.contains("not authorized") || l.contains("exiting with code"))
                                    .toList()));
            assertThat(exit).as("exit code; log:%n%s", log).isEqualTo(LoopWatch.EXIT_LOOP_FAILED);
            assertThat(log).contains("AuthorizationException", "stopping in order and exiting with code 3");
            // whichever consumer of the worker is refused first says what to grant: a hook loop, or the cancel watch
            assertThat(log)
                    .containsAnyOf(
                            "its Kafka principal is not authorized",
                            "grant the worker Read on hookstream.cancels (docs/kafka-acls.md)");
        }
    }

    private static void submit(SaslStack stack, String name) throws Exception {
        String runId = Hookstream.newRunId(name);
        String request = Requests.preBackup("demo")
                .hook("fail", "always-fail", null)
                .json()
                .put("runId", runId)
                .toString();
        HttpResponse<String> posted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/v1/runs"))
                                .header("content-type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(request))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }
}
