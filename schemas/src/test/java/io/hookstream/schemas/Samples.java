package io.hookstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionPhase;
import io.hookstream.schemas.event.SessionStatus;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.AllowedNamespaces;
import io.hookstream.schemas.template.ContainerRuntimeSettings;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FormEntry;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.HookTemplateSpec;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.LabelSelector;
import io.hookstream.schemas.template.LabelSelectorRequirement;
import io.hookstream.schemas.template.ObjectMeta;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.schemas.template.PodHookExecutorSpec;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.schemas.template.PodRuntimeSettings;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.SelectorOperator;
import io.hookstream.schemas.template.TcpSocketAction;
import io.hookstream.schemas.template.UsagePolicy;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples with every field set, at every depth, so that a round trip exercises the whole contract. */
final class Samples {

    static final Instant STARTED = Instant.parse("2025-01-31T02:00:00.123Z");
    static final Instant FINISHED = Instant.parse("2025-01-31T02:00:04.5Z");

    private Samples() {}

    static ObjectReference invoker() {
        return new ObjectReference("core.kubestash.com", "BackupConfiguration", "demo", "sample-backup");
    }

    static SessionSummary session() {
        return new SessionSummary(
                "sample-backup-1706666400",
                "demo",
                invoker(),
                new ObjectReference("apps", "StatefulSet", "demo", "postgres"),
                new SessionStatus(SessionPhase.Failed, "1m30s", "snapshot upload failed"));
    }

    static TemplateRef templateRef() {
        return new TemplateRef("sample-hook", "demo");
    }

    static RunRequest runRequest() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("TEST", "value");
        params.put("RETRIES", 3);
        params.put("VERBOSE", true);
        return new RunRequest(
                "run-42",
                Phase.POST_BACKUP,
                session(),
                List.of(new HookInfo(
                        "notify",
                        templateRef(),
                        params,
                        2,
                        "1m30s",
                        ExecutionPolicy.OnFailure,
                        variables(),
                        volumes(),
                        volumeMounts(),
                        runtimeSettings())));
    }

    static List<EnvVar> variables() {
        ObjectNode fieldRef = JsonNodeFactory.instance.objectNode();
        fieldRef.putObject("fieldRef").put("fieldPath", "metadata.namespace");
        return List.of(new EnvVar("TARGET_DB", "orders", null), new EnvVar("POD_NAMESPACE", null, fieldRef));
    }

    static List<Volume> volumes() {
        ObjectNode secret = JsonNodeFactory.instance.objectNode().put("secretName", "db-auth");
        return List.of(new Volume("auth", Map.<String, JsonNode>of("secret", secret)));
    }

    static List<VolumeMount> volumeMounts() {
        return List.of(new VolumeMount("auth", "/etc/db-auth", true, "creds", "$(POD_NAME)", "None", "Enabled"));
    }

    /** Every field of the runtime settings set, Kubernetes objects as small but realistic trees. */
    static RuntimeSettings runtimeSettings() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode resources = json.objectNode();
        resources.putObject("limits").put("cpu", "500m").put("memory", "128Mi");
        ObjectNode probe = json.objectNode();
        probe.putObject("exec").putArray("command").add("true");
        ObjectNode lifecycle = json.objectNode();
        lifecycle.putObject("preStop").putObject("exec").putArray("command").add("sync");
        ObjectNode affinity = json.objectNode();
        affinity.putObject("nodeAffinity");
        ObjectNode envFrom = json.objectNode();
        envFrom.putObject("configMapRef").put("name", "hook-config");
        ObjectNode spread = json.objectNode()
                .put("maxSkew", 1)
                .put("topologyKey", "kubernetes.io/hostname")
                .put("whenUnsatisfiable", "ScheduleAnyway");
        PodRuntimeSettings pod = new PodRuntimeSettings(
                Map.of("team", "dba"),
                Map.of("note", "hook job"),
                Map.of("kubernetes.io/os", "linux"),
                "hook-runner",
                Map.of("iam", "role-a"),
                false,
                "node-1",
                json.objectNode().put("runAsNonRoot", true),
                List.of(json.objectNode().put("name", "registry")),
                affinity,
                "default-scheduler",
                List.of(json.objectNode()
                        .put("key", "dedicated")
                        .put("operator", "Exists")
                        .put("effect", "NoSchedule")),
                "backup-critical",
                1000,
                List.of(json.objectNode().put("conditionType", "example.com/ready")),
                "runc",
                false,
                List.of(spread));
        ContainerRuntimeSettings container = new ContainerRuntimeSettings(
                resources,
                probe,
                probe,
                lifecycle,
                json.objectNode().put("readOnlyRootFilesystem", true),
                json.objectNode().put("adjustment", 5),
                json.objectNode().put("class", 2).put("classData", 4),
                List.of(envFrom),
                List.of(new EnvVar("LOG_LEVEL", "debug", null), variables().get(1)));
        return new RuntimeSettings(pod, container);
    }

    static HookAction action() {
        List<HttpHeader> headers =
                List.of(new HttpHeader("Authorization", "Bearer x"), new HttpHeader("X-Run", "run-42"));
        return new HookAction(
                new ExecAction(List.of("/bin/sh", "-c", "echo data_test > /source/data/data.txt")),
                new HttpGetAction("/healthz", IntOrString.of(8080), "127.0.0.1", "HTTP", headers),
                new HttpPostAction(
                        "/notify",
                        IntOrString.parse("http"),
                        "hooks.example.com",
                        "HTTPS",
                        headers,
                        "{\"phase\":\"post-backup\"}",
                        List.of(new FormEntry("tag", List.of("a", "b")))),
                new TcpSocketAction(IntOrString.of(5432), "postgres.demo.svc"),
                "postgres");
    }

    static HookExecutor executor() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode secretKeyRef = json.objectNode();
        secretKeyRef.putObject("secretKeyRef").put("name", "db-auth").put("key", "password");
        ObjectNode claim = json.objectNode().put("claimName", "backup-scratch");
        return new HookExecutor(
                ExecutorType.Pod,
                new FunctionHookExecutorSpec(
                        "postgres-hook",
                        List.of(new EnvVar("PGUSER", "postgres", null), new EnvVar("PGPASSWORD", null, secretKeyRef)),
                        List.of(new VolumeMount(
                                "scratch", "/scratch", true, "data", "$(POD_NAME)", "None", "IfPossible")),
                        List.of(new Volume("scratch", Map.<String, JsonNode>of("persistentVolumeClaim", claim)))),
                new PodHookExecutorSpec(
                        "app=postgres,tier=db",
                        new OwnerReference(
                                "apps/v1",
                                "StatefulSet",
                                "postgres",
                                "8d1b1f4e-6f0e-4b8e-9a53-0d3c2f9e1a11",
                                true,
                                false),
                        PodHookExecutorStrategy.ExecuteOnAll,
                        "2m"));
    }

    static HookEvent hookEvent() {
        return new HookEvent(
                "run-42/0",
                "run-42",
                Phase.POST_BACKUP,
                0,
                1,
                "notify",
                templateRef(),
                session(),
                executor(),
                action(),
                Map.of("TEST", "value", "RETRIES", "3"),
                2,
                "1m30s",
                STARTED,
                variables(),
                volumes(),
                volumeMounts(),
                runtimeSettings(),
                STARTED.plus(Duration.ofSeconds(330)));
    }

    static HookResult hookResult() {
        return new HookResult(
                "run-42/0",
                "run-42",
                Phase.POST_BACKUP,
                0,
                "notify",
                templateRef(),
                invoker(),
                ExecutorType.Pod,
                HookStatus.Failed,
                Reasons.NON_ZERO_EXIT,
                "exit code 3 on postgres-0",
                3,
                STARTED,
                FINISHED,
                4377L,
                List.of(target()),
                attempts(),
                4);
    }

    static TargetResult target() {
        return new TargetResult("postgres-0", 3, 503, "out tail", "err tail", "connection refused");
    }

    /** Attempts 1, 2 and 7 of a hook's history, 4 of them left out between 2 and 7. */
    static List<AttemptRecord> attempts() {
        return List.of(
                new AttemptRecord(1, STARTED, 1200L, HookStatus.Failed, Reasons.NON_ZERO_EXIT, 500L),
                new AttemptRecord(2, STARTED.plusMillis(1700), 1100L, HookStatus.TimedOut, "DeadlineExceeded", 1000L),
                new AttemptRecord(7, STARTED.plusMillis(3800), 577L, HookStatus.Failed, Reasons.NON_ZERO_EXIT, null));
    }

    static RunOutcome runOutcome() {
        return new RunOutcome(
                "run-42",
                Phase.POST_BACKUP,
                session(),
                invoker(),
                RunStatus.Failed,
                Reasons.HOOK_FAILED,
                "hook notify failed",
                List.of(new Problem("hooks[0].params.TEST", Reasons.UNKNOWN_PARAM, "no such param")),
                List.of(new HookOutcome(
                        0,
                        "notify",
                        "run-42/0",
                        templateRef(),
                        HookStatus.Failed,
                        Reasons.NON_ZERO_EXIT,
                        "exit code 3",
                        3,
                        4377L,
                        ExecutorType.Pod,
                        action(),
                        STARTED.minusMillis(20),
                        STARTED,
                        FINISHED,
                        attempts(),
                        4,
                        List.of(target()),
                        2)),
                STARTED,
                FINISHED,
                4377L,
                new CancelRequest("run-42", "too late", "ops", FINISHED));
    }

    static RunOutcome cancelledRunOutcome() {
        return new RunOutcome(
                "run-43",
                Phase.PRE_BACKUP,
                session(),
                invoker(),
                RunStatus.Cancelled,
                Reasons.CANCELLED,
                "cancelled by ops: backup aborted; hook 'notify' stopped after 1200 ms",
                null,
                List.of(new HookOutcome(
                        0,
                        "notify",
                        "run-43/0",
                        templateRef(),
                        HookStatus.Cancelled,
                        Reasons.CANCELLED,
                        "cancelled by ops: backup aborted",
                        1,
                        1200L)),
                STARTED,
                FINISHED,
                1300L,
                cancelRequest());
    }

    static CancelRequest cancelRequest() {
        return new CancelRequest("run-43", "backup aborted", "ops", STARTED);
    }

    static HookTemplate hookTemplate() {
        return new HookTemplate(
                HookTemplate.API_VERSION,
                HookTemplate.KIND,
                new ObjectMeta("sample-hook", "demo", Map.of("app", "postgres"), Map.of("owner", "dba-team")),
                new HookTemplateSpec(
                        new UsagePolicy(new AllowedNamespaces(
                                FromNamespaces.Selector,
                                new LabelSelector(
                                        Map.of("env", "prod"),
                                        List.of(new LabelSelectorRequirement(
                                                "kubernetes.io/metadata.name",
                                                SelectorOperator.In,
                                                List.of("prod", "staging")))))),
                        List.of(new ParameterDefinition("TEST", "This is a test param", true, "fallback")),
                        action(),
                        executor()));
    }

    /** Every sample, in the order of the flow. */
    static List<Object> all() {
        return List.of(runRequest(), hookEvent(), hookResult(), runOutcome(), cancelRequest(), hookTemplate());
    }
}
