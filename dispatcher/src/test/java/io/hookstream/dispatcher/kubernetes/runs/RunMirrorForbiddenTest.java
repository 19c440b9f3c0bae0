package io.hookstream.dispatcher.kubernetes.runs;

import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.hook;
import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dispatcher whose RBAC lacks the HookRun rules: one clear log line, mirroring paused, nothing else touched. */
@EnableKubernetesMockClient(crud = true)
class RunMirrorForbiddenTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StringWriter logs = new StringWriter();
    private WriterAppender appender;
    private RunMirror mirror;

    @BeforeEach
    void start() throws Exception {
        MirrorFixtures.installCrds(server, client);
        MirrorFixtures.backupSession(client, "demo", "backup-1");
        server.expect()
                .post()
                .withPath("/apis/hookstream.io/v1alpha1/namespaces/demo/hookruns")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("hookruns."
                                        + "hookstream.io is forbidden: User \"system:serviceaccount:hookstream:hookstream-dispatcher\" "
                                        + "cannot create resource \"hookruns\"")
                                .build())
                .always();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder()
                .setName("run-mirror-forbidden")
                .setTarget(logs)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%level %c{1} - %msg%n")
                        .build())
                .build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        mirror = RunMirror.start(
                client,
                new RunMirror.Options(
                        "dispatcher-test", Duration.ofHours(1), 2, 100, Duration.ofMinutes(5), Duration.ofMinutes(10)),
                registry);
    }

    @AfterEach
    void stop() {
        mirror.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }

    @Test
    void aForbiddenNamespacePausesMirroringThereWithOneLineSayingWhatToGrantAndOtherNamespacesGoOn() {
        Instant now = Instant.now();
        mirror.committed(view("first", "backup-1", RunStatus.Running, null, now, hook(0, "dump", HookStatus.Running)));
        await().atMost(RunMirrorTest.WAIT).until(() -> gauge() == 1.0);

        for (int i = 0; i < 20; i++) {
            mirror.committed(view(
                    "run-" + i,
                    "backup-1",
                    RunStatus.Failed,
                    "HookFailed",
                    now,
                    hook(0, "dump", HookStatus.Failed, "NonZeroExit", "exit code 1")));
        }

        assertThat(dropped()).as("views while paused are dropped and counted").isGreaterThanOrEqualTo(20.0);
        String[] warnings = Arrays.stream(logs.toString().split("\n"))
                .filter(l -> l.startsWith("WARN RunMirror"))
                .toArray(String[]::new);
        assertThat(warnings)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("may not write HookRuns in namespace demo (403)")
                        .contains("resources: [hookruns], verbs: [get, list, create, delete]")
                        .contains("resources: [hookruns/status], verbs: [update]")
                        .contains("runs of namespace demo are not mirrored for 5m0s")
                        .contains("runs themselves are unaffected")
                        .contains("--kubernetes-run-mirror=false"));
        assertThat(client.v1().events().inNamespace("demo").list().getItems())
                .as("paused: no Events either")
                .isEmpty();

        // RBAC bound per namespace: another namespace the dispatcher may write to is mirrored all the same
        mirror.committed(new RunOutcome(
                "elsewhere",
                null,
                null,
                new ObjectReference("core.kubestash.com", "BackupSession", "other", "backup-9"),
                RunStatus.Running,
                null,
                null,
                null,
                List.of(hook(0, "dump", HookStatus.Running)),
                now,
                null,
                null,
                null));
        await().atMost(RunMirrorTest.WAIT).until(() -> MirrorFixtures.hookRun(client, "other", "elsewhere") != null);
    }

    private double gauge() {
        return registry.find("hookstream.kubernetes.run.mirror.paused").gauge().value();
    }

    private double dropped() {
        return registry.find("hookstream.kubernetes.run.mirror.dropped").tag("reason", "paused").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
