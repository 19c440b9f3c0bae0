package io.hookstream.dispatcher.kubernetes.runs;

import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.hook;
import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.hookRun;
import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HookRun mirror against fabric8's mock API server in CRUD mode, with expectations for refused calls. */
@EnableKubernetesMockClient(crud = true)
class RunMirrorTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient client;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RunMirror mirror;
    private String sessionUid;

    @BeforeEach
    void install() throws Exception {
        MirrorFixtures.installCrds(server, client);
        sessionUid = MirrorFixtures.backupSession(client, "demo", "backup-1");
    }

    @AfterEach
    void stop() {
        if (mirror != null) {
            mirror.close();
        }
    }

    private RunMirror start(Duration retention) {
        RunMirror.Options defaults = RunMirror.Options.defaults("dispatcher-test", retention);
        mirror = RunMirror.start(
                client,
                new RunMirror.Options(
                        defaults.instance(), retention, 2, 100, Duration.ofMinutes(5), Duration.ofMillis(500)),
                registry);
        return mirror;
    }

    @Test
    void theHookRunFollowsARunFromRunningToItsOutcome() {
        start(Duration.ofHours(1));
        Instant accepted = Instant.parse("2026-01-01T10:00:00Z");
        mirror.committed(view(
                "demo.backup-1.pre",
                "backup-1",
                RunStatus.Running,
                null,
                accepted,
                hook(0, "quiesce", HookStatus.Running),
                hook(1, "dump", HookStatus.Pending),
                hook(2, "resume", HookStatus.Pending)));

        GenericKubernetesResource running = await().atMost(WAIT)
                .until(() -> hookRun(client, "demo", "demo.backup-1.pre"), r -> r != null && status(r) != null);
        assertThat(running.getMetadata().getLabels())
                .containsEntry("hookstream.io/invoker-kind", "BackupSession")
                .containsEntry("hookstream.io/invoker-name", "backup-1")
                .containsEntry("hookstream.io/phase", "pre-backup")
                .containsEntry("app.kubernetes.io/managed-by", "hookstream-dispatcher");
        assertThat(running.getMetadata().getAnnotations()).containsEntry("hookstream.io/run-id", "demo.backup-1.pre");
        assertThat(running.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(sessionUid);
            assertThat(owner.getKind()).isEqualTo("BackupSession");
            assertThat(owner.getApiVersion()).isEqualTo("core.kubestash.com/v1alpha1");
            assertThat(owner.getController()).isFalse();
            assertThat(owner.getBlockOwnerDeletion()).isFalse();
        });
        Map<String, Object> spec = map(running.getAdditionalProperties().get("spec"));
        assertThat(spec).containsEntry("runId", "demo.backup-1.pre").containsEntry("phase", "pre-backup");
        assertThat(map(spec.get("invoker")))
                .containsEntry("kind", "BackupSession")
                .containsEntry("name", "backup-1");
        assertThat(list(spec.get("hooks")))
                .extracting(h -> map(h).get("name"))
                .containsExactly("quiesce", "dump", "resume");
        assertThat(status(running))
                .containsEntry("status", "Running")
                .containsEntry("progress", "0/3")
                .containsEntry("startedAt", "2026-01-01T10:00:00Z")
                .doesNotContainKey("conditions");

        mirror.committed(view(
                "demo.backup-1.pre",
                "backup-1",
                RunStatus.Running,
                null,
                accepted,
                hook(0, "quiesce", HookStatus.Succeeded),
                hook(1, "dump", HookStatus.Running),
                hook(2, "resume", HookStatus.Pending)));
        await().atMost(WAIT)
                .until(() -> "1/3"
                        .equals(status(hookRun(client, "demo", "demo.backup-1.pre"))
                                .get("progress")));

        mirror.committed(view(
                "demo.backup-1.pre",
                "backup-1",
                RunStatus.Succeeded,
                null,
                accepted,
                hook(0, "quiesce", HookStatus.Succeeded),
                hook(1, "dump", HookStatus.Succeeded, null, "dumped 3 GiB"),
                hook(2, "resume", HookStatus.Skipped, "ExecutionPolicy", "executionPolicy OnFailure")));
        Map<String, Object> done = await().atMost(WAIT)
                .until(
                        () -> status(hookRun(client, "demo", "demo.backup-1.pre")),
                        s -> "Succeeded".equals(s.get("status")));
        assertThat(done)
                .containsEntry("progress", "3/3")
                .containsEntry("finishedAt", "2026-01-01T10:00:03Z")
                .containsEntry("duration", "3s");
        assertThat(list(done.get("hooks")))
                .extracting(h -> map(h).get("status"))
                .containsExactly("Succeeded", "Succeeded", "Skipped");
        assertThat(map(list(done.get("hooks")).get(1)))
                .containsEntry("output", "dumped 3 GiB")
                .containsEntry("attempts", 1)
                .containsEntry("duration", "1.5s");
        assertThat(list(done.get("conditions")))
                .singleElement()
                .satisfies(c -> assertThat(map(c))
                        .containsEntry("type", "Complete")
                        .containsEntry("status", "True")
                        .containsEntry("reason", "Succeeded")
                        .containsEntry("lastTransitionTime", "2026-01-01T10:00:03Z"));
        assertThat(client.v1().events().inNamespace("demo").list().getItems())
                .as("no hook failed")
                .isEmpty();

        // every printer column of the shipped CRD has a value on the HookRun (what kubectl get shows); read until
        // the mock shows them (it serves writes and reads of the status subresource on a thread of its own)
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> written =
                    Serialization.jsonMapper().convertValue(hookRun(client, "demo", "demo.backup-1.pre"), Map.class);
            Map<String, Object> columns = new LinkedHashMap<>();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("hookruns.hookstream.io")
                    .get()
                    .getSpec()
                    .getVersions()
                    .get(0)
                    .getAdditionalPrinterColumns()
                    .forEach(c -> columns.put(c.getName(), at(written, c.getJsonPath())));
            assertThat(columns)
                    .containsEntry("Invoker", "backup-1")
                    .containsEntry("Phase", "pre-backup")
                    .containsEntry("Status", "Succeeded")
                    .containsEntry("Hooks", "3/3")
                    .containsEntry("Kind", "BackupSession")
                    .containsEntry("Duration", "3s")
                    .containsEntry("Run ID", "demo.backup-1.pre")
                    .containsKeys("Age", "Reason");
            assertThat(columns.get("Age")).isNotNull();
        });
    }

    /** The value at a simple JSONPath such as {@code .status.progress}. */
    private static Object at(Map<String, Object> object, String path) {
        Object value = object;
        for (String key : path.substring(1).split("\\.")) {
            value = value instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return value;
    }

    @Test
    void failedTimedOutAndCancelledHooksAreWarningEventsOnTheInvokerPostedOnce() {
        start(Duration.ofHours(1));
        Instant accepted = Instant.now();
        RunOutcome failed = view(
                "run-failed",
                "backup-1",
                RunStatus.Failed,
                "HookFailed",
                accepted,
                hook(0, "quiesce", HookStatus.Succeeded),
                hook(1, "dump", HookStatus.Failed, "NonZeroExit", "exit code 2: pg_dump: password=*** rejected"),
                hook(2, "resume", HookStatus.Skipped, "PreviousHookFailed", "hook 'dump' Failed"));
        RunOutcome timedOut = view(
                "run-timed-out",
                "backup-1",
                RunStatus.Failed,
                "HookFailed",
                accepted,
                hook(0, "quiesce", HookStatus.TimedOut, "DeadlineExceeded", null));
        RunOutcome cancelled = view(
                "run-cancelled",
                "backup-1",
                RunStatus.Cancelled,
                "Cancelled",
                accepted,
                hook(0, "quiesce", HookStatus.Cancelled, "Cancelled", "the run was cancelled by ops"),
                hook(1, "dump", HookStatus.Skipped, "Cancelled", "not started: the run was cancelled by ops"));
        mirror.committed(failed);
        mirror.committed(timedOut);
        mirror.committed(cancelled);
        mirror.committed(failed); // a repeated view posts nothing twice

        List<Event> events = await().atMost(WAIT)
                .until(() -> client.v1().events().inNamespace("demo").list().getItems(), list -> list.size() >= 3);
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("BackupSession");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("backup-1");
            assertThat(e.getInvolvedObject().getUid())
                    .as("kubectl describe selects by uid")
                    .isEqualTo(sessionUid);
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("core.kubestash.com/v1alpha1");
            assertThat(e.getSource().getComponent()).isEqualTo("hookstream-dispatcher");
            assertThat(e.getReportingComponent()).isEqualTo("hookstream-dispatcher");
            assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(1024);
        });
        assertThat(events)
                .extracting(Event::getReason)
                .containsExactlyInAnyOrder("HookFailed", "HookTimedOut", "HookCancelled");
        await().atMost(WAIT)
                .until(
                        () -> status(hookRun(client, "demo", "run-cancelled")),
                        s -> s != null && "Cancelled".equals(s.get("status")));
        assertThat(events)
                .filteredOn(e -> e.getReason().equals("HookFailed"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("run run-failed: hook 'dump' (2 of 3) Failed "
                                + "(NonZeroExit) after 1 attempt(s): exit code 2: pg_dump: password=*** rejected"));
        assertThat(events)
                .filteredOn(e -> e.getReason().equals("HookTimedOut"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("run run-timed-out: hook 'quiesce' (1 of 1) " + "TimedOut (DeadlineExceeded)"));
        await().atMost(WAIT)
                .until(
                        () -> status(hookRun(client, "demo", "run-timed-out")),
                        s -> s != null && "Failed".equals(s.get("status")));
        assertThat(list(status(hookRun(client, "demo", "run-failed")).get("conditions")))
                .singleElement()
                .satisfies(
                        c -> assertThat(map(c)).containsEntry("type", "Failed").containsEntry("reason", "HookFailed"));
    }

    @Test
    void aRestoredViewWritesTheHookRunButPostsNoEventItsFirstOwnerPostedAlready() {
        start(Duration.ofHours(1));
        mirror.restored(view(
                "restored-run",
                "backup-1",
                RunStatus.Failed,
                "HookFailed",
                Instant.now(),
                hook(0, "dump", HookStatus.Failed, "NonZeroExit", "exit code 1")));

        await().atMost(WAIT)
                .until(
                        () -> status(hookRun(client, "demo", "restored-run")),
                        s -> s != null && "Failed".equals(s.get("status")));
        assertThat(client.v1().events().inNamespace("demo").list().getItems()).isEmpty();
    }

    @Test
    void anOlderViewDoesNotOverwriteAStatusFurtherAlongAsAfterAFailover() {
        start(Duration.ofHours(1));
        Instant accepted = Instant.now();
        mirror.committed(
                view("moved", "backup-1", RunStatus.Succeeded, null, accepted, hook(0, "dump", HookStatus.Succeeded)));
        await().atMost(WAIT)
                .until(
                        () -> status(hookRun(client, "demo", "moved")),
                        s -> s != null && "Succeeded".equals(s.get("status")));
        String version = hookRun(client, "demo", "moved").getMetadata().getResourceVersion();

        // a second dispatcher (a fresh mirror: nothing known) restores a view older than what is written
        mirror.close();
        start(Duration.ofHours(1));
        mirror.restored(
                view("moved", "backup-1", RunStatus.Running, null, accepted, hook(0, "dump", HookStatus.Running)));
        mirror.restored(
                view("other", "backup-1", RunStatus.Running, null, accepted, hook(0, "dump", HookStatus.Running)));
        await().atMost(WAIT)
                .until(() ->
                        hookRun(client, "demo", "other") != null && status(hookRun(client, "demo", "other")) != null);

        assertThat(status(hookRun(client, "demo", "moved"))).containsEntry("status", "Succeeded");
        assertThat(hookRun(client, "demo", "moved").getMetadata().getResourceVersion())
                .isEqualTo(version);
        assertThat(client.genericKubernetesResources(HookRunResources.CONTEXT)
                        .inNamespace("demo")
                        .list()
                        .getItems())
                .as("converged, not duplicated")
                .hasSize(2);
    }

    @Test
    void aConflictAndAGoneHookRunAreRetriedAndTheRunsOutcomeStillLands() throws Exception {
        start(Duration.ofHours(1));
        Instant accepted = Instant.now();
        String path = "/apis/hookstream.io/v1alpha1/namespaces/demo/hookruns/retried/status";
        mirror.committed(
                view("retried", "backup-1", RunStatus.Running, null, accepted, hook(0, "dump", HookStatus.Running)));
        await().atMost(WAIT).until(() -> status(hookRun(client, "demo", "retried")), s -> s != null);

        server.expect()
                .put()
                .withPath(path)
                .andReturn(
                        409,
                        new StatusBuilder()
                                .withCode(409)
                                .withReason("Conflict")
                                .withMessage("the object has been modified")
                                .build())
                .once();
        server.expect()
                .put()
                .withPath(path)
                .andReturn(
                        410,
                        new StatusBuilder().withCode(410).withReason("Gone").build())
                .once();
        mirror.committed(view(
                "retried", "backup-1", RunStatus.Succeeded, null, accepted, hook(0, "dump", HookStatus.Succeeded)));

        await().atMost(WAIT)
                .until(() -> status(hookRun(client, "demo", "retried")), s -> "Succeeded".equals(s.get("status")));
        assertThat(requests("PUT", path)).as("409, 410, then written").isGreaterThanOrEqualTo(3);
        assertThat(registry.find("hookstream.kubernetes.run.mirror.writes")
                        .tag("result", "written")
                        .counter()
                        .count())
                .isEqualTo(2.0);

        // deleted by someone while the run goes on: created again at its next view
        client.genericKubernetesResources(HookRunResources.CONTEXT)
                .inNamespace("demo")
                .withName("retried")
                .delete();
        mirror.committed(
                view("again", "backup-1", RunStatus.Running, null, accepted, hook(0, "dump", HookStatus.Running)));
        await().atMost(WAIT).until(() -> status(hookRun(client, "demo", "again")), s -> s != null);
        client.genericKubernetesResources(HookRunResources.CONTEXT)
                .inNamespace("demo")
                .withName("again")
                .delete();
        mirror.committed(view(
                "again",
                "backup-1",
                RunStatus.Failed,
                "HookFailed",
                accepted,
                hook(0, "dump", HookStatus.Failed, "NonZeroExit", "exit code 1")));
        await().atMost(WAIT)
                .until(
                        () -> hookRun(client, "demo", "again"),
                        r -> r != null
                                && status(r) != null
                                && "Failed".equals(status(r).get("status")));
    }

    @Test
    void aFloodOfViewsIsCoalescedPerRunAndEveryRunEndsWithItsTerminalStatus() {
        start(Duration.ofHours(1));
        Instant accepted = Instant.now();
        int runs = 40;
        int steps = 10;
        for (int step = 0; step < steps; step++) {
            for (int run = 0; run < runs; run++) {
                HookStatus[] statuses = new HookStatus[steps];
                for (int h = 0; h < steps; h++) {
                    statuses[h] = h < step ? HookStatus.Succeeded : h == step ? HookStatus.Running : HookStatus.Pending;
                }
                mirror.committed(MirrorFixtures.viewOf(
                        "flood-" + run, RunStatus.Running, accepted, MirrorFixtures.hooks(statuses)));
            }
        }
        HookStatus[] done = new HookStatus[steps];
        Arrays.fill(done, HookStatus.Succeeded);
        for (int run = 0; run < runs; run++) {
            mirror.committed(
                    MirrorFixtures.viewOf("flood-" + run, RunStatus.Succeeded, accepted, MirrorFixtures.hooks(done)));
        }

        await().atMost(WAIT)
                .until(() ->
                        client
                                        .genericKubernetesResources(HookRunResources.CONTEXT)
                                        .inNamespace("demo")
                                        .list()
                                        .getItems()
                                        .stream()
                                        .filter(r -> status(r) != null
                                                && "Succeeded".equals(status(r).get("status")))
                                        .count()
                                == runs);
        double superseded =
                registry
                        .find("hookstream.kubernetes.run.mirror.dropped")
                        .tag("reason", "superseded")
                        .counters()
                        .stream()
                        .mapToDouble(Counter::count)
                        .sum();
        double writes = registry.find("hookstream.kubernetes.run.mirror.writes").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        assertThat(writes + superseded)
                .as("every view is written or superseded by a later one")
                .isEqualTo(runs * (steps + 1.0));
        assertThat(registry.find("hookstream.kubernetes.run.mirror.dropped")
                        .tag("reason", "overflow")
                        .counters())
                .as("the bound (100) was never reached by 40 runs")
                .isEmpty();
    }

    @Test
    void retentionDeletesFinishedHookRunsOnlyOnceTheyAreOlderThanIt() {
        start(Duration.ofSeconds(30));
        Instant now = Instant.now();
        mirror.committed(view(
                "old",
                "backup-1",
                RunStatus.Succeeded,
                null,
                now.minusSeconds(120),
                hook(0, "dump", HookStatus.Succeeded)));
        mirror.committed(
                view("recent", "backup-1", RunStatus.Succeeded, null, now, hook(0, "dump", HookStatus.Succeeded)));
        mirror.committed(view(
                "long-running",
                "backup-1",
                RunStatus.Running,
                null,
                now.minusSeconds(120),
                hook(0, "dump", HookStatus.Running)));
        await().atMost(WAIT).until(() -> written() == 3.0);

        await().atMost(WAIT)
                .until(() -> registry.find("hookstream.kubernetes.run.mirror.deleted")
                                .counter()
                        != null);
        assertThat(hookRun(client, "demo", "old")).isNull();
        assertThat(hookRun(client, "demo", "recent")).isNotNull();
        assertThat(hookRun(client, "demo", "long-running")).isNotNull();
        assertThat(registry.find("hookstream.kubernetes.run.mirror.deleted")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    /** How many requests of {@code method} on {@code path} the mock served so far (consumes the recording). */
    private int requests(String method, String path) throws InterruptedException {
        int count = 0;
        int recorded = server.getRequestCount();
        for (int i = 0; i < recorded; i++) {
            RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
            if (request == null) {
                break;
            }
            if (request.getMethod().equals(method) && request.getPath().startsWith(path)) {
                count++;
            }
        }
        return count;
    }

    private double written() {
        Counter counter = registry.find("hookstream.kubernetes.run.mirror.writes")
                .tag("result", "written")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    static Map<String, Object> status(GenericKubernetesResource resource) {
        return resource == null ? null : map(resource.getAdditionalProperties().get("status"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
