package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateKey;
import io.hookstream.testing.TestSigning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private static final YAMLMapper YAML = Json.configure(YAMLMapper.builder()).build();
    private final RequestValidator validator = new RequestValidator(DispatcherConfig.from(
            new ConfigReader(TestSigning.ENV, Map.of("max-hook-timeout", "10m", "max-retry-limit", "3"))));

    @Test
    void aValidRequestIsPlannedWithDefaultsAppliedAndTheActionRendered() throws Exception {
        RequestValidator.Validation v = validator.validate(request("""
                [{"name": "a", "hookTemplate": {"name": "echo"}, "params": {"WORD": "hi"}},
                 {"name": "b", "hookTemplate": {"name": "echo", "namespace": "demo"}, "timeout": "1m30s", "maxRetry": 2}]
                """), catalog());

        assertThat(v.problems()).isEmpty();
        assertThat(v.plan()).hasSize(2);
        PlannedHook first = v.plan().get(0);
        assertThat(first.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(first.maxRetry()).isZero();
        assertThat(first.action().exec().command()).containsExactly("/bin/echo", "hi in demo");
        assertThat(v.plan().get(1).params()).containsEntry("WORD", "default-word");
        assertThat(v.plan().get(1).timeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void functionFieldsOfTheHookInfoArePlannedUnchanged() throws Exception {
        RequestValidator.Validation v = validator.validate(request("""
                [{"name": "a", "hookTemplate": {"name": "echo"},
                  "variables": [{"name": "DB", "value": "orders"}],
                  "volumes": [{"name": "scratch", "emptyDir": {}}],
                  "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
                  "runtimeSettings": {"pod": {"serviceAccountName": "hook-runner"}}},
                 {"name": "b", "hookTemplate": {"name": "echo"}}]
                """), catalog());

        assertThat(v.problems()).isEmpty();
        PlannedHook first = v.plan().get(0);
        assertThat(first.variables())
                .singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("orders"));
        assertThat(first.volumes())
                .singleElement()
                .satisfies(vol -> assertThat(vol.name()).isEqualTo("scratch"));
        assertThat(first.volumeMounts())
                .singleElement()
                .satisfies(m -> assertThat(m.mountPath()).isEqualTo("/scratch"));
        assertThat(first.runtimeSettings().pod().serviceAccountName()).isEqualTo("hook-runner");
        PlannedHook second = v.plan().get(1);
        assertThat(second.variables()).isEmpty();
        assertThat(second.runtimeSettings()).isNull();
    }

    @Test
    void everyProblemIsReportedWithItsField() throws Exception {
        RequestValidator.Validation v = validator.validate(request("""
                [{"name": "a", "hookTemplate": {"name": "echo"}, "timeout": "2h"},
                 {"name": "a", "hookTemplate": {"name": "echo"}, "maxRetry": 9},
                 {"name": "c", "hookTemplate": {"name": "echo"}, "timeout": "soon"},
                 {"name": "d", "hookTemplate": {"name": "missing"}},
                 {"name": "e", "hookTemplate": {"name": "broken"}}]
                """), catalog());

        assertThat(v.accepted()).isFalse();
        assertThat(v.problems())
                .extracting(Problem::field)
                .containsExactly(
                        "hooks[0].timeout",
                        "hooks[1].name",
                        "hooks[1].maxRetry",
                        "hooks[2].timeout",
                        "hooks[3].hookTemplate",
                        "hooks[4].hookTemplate");
        assertThat(v.problems().get(0).message()).contains("exceeds the maximum 10m0s");
        assertThat(v.problems().get(4).reason()).isEqualTo("TemplateNotFound");
        assertThat(v.problems().get(4).message()).contains("demo/missing", "loaded templates: demo/broken, demo/echo");
        assertThat(v.problems().get(5).reason()).isEqualTo("InvalidTemplate");
        assertThat(v.problems().get(5).message()).contains("spec.executor");
    }

    @Test
    void sessionFieldsAreRequired() throws Exception {
        RunRequest request = Json.mapper().readValue("""
                {"phase": "pre-backup", "session": {"name": "", "namespace": "demo"}, "hooks": []}""", RunRequest.class);

        assertThat(validator.validate(request, catalog()).problems())
                .extracting(Problem::field)
                .containsExactly("session.name", "session.invoker", "hooks");
    }

    @Test
    void aBadRunIdIsRejected() throws Exception {
        RunRequest request = request("[{\"name\": \"a\", \"hookTemplate\": {\"name\": \"echo\"}}]")
                .withRunId("has spaces/and slashes");

        assertThat(validator.validate(request, catalog()).problems())
                .extracting(Problem::field)
                .containsExactly("runId");
    }

    private static RunRequest request(String hooks) throws Exception {
        return Json.mapper().readValue("""
                {"phase": "pre-backup", "session": {"name": "s", "namespace": "demo",
                 "invoker": {"kind": "BackupConfiguration", "name": "b"}}, "hooks": %s}""".formatted(hooks), RunRequest.class);
    }

    private static CatalogSnapshot catalog() throws Exception {
        HookTemplate echo = YAML.readValue("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: echo, namespace: demo}
                spec:
                  params: [{name: WORD, default: default-word}]
                  action: {exec: {command: ["/bin/echo", "{{ .Params.WORD }} in {{ .Namespace }}"]}}
                  executor: {type: Operator}
                """, HookTemplate.class);
        HookTemplate broken = YAML.readValue("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: broken, namespace: demo}
                spec:
                  action: {exec: {command: ["/bin/true"]}}
                """, HookTemplate.class);
        return new CatalogSnapshot(
                Map.of(new TemplateKey("demo", "echo"), echo, new TemplateKey("demo", "broken"), broken),
                Map.of(),
                List.of(),
                Instant.now());
    }
}
