package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.EnvVar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KubeStash's HookInfo fields for Function executors: variables, volumes, volumeMounts and runtimeSettings. */
class HookInfoFunctionFieldsTest {

    /** A hook as a KubeStash BackupConfiguration writes it, with every Function-executor field. */
    private static final String KUBESTASH_HOOK = """
            {"phase": "pre-backup",
             "session": {"name": "s-1", "namespace": "demo"},
             "hooks": [{"name": "dump", "hookTemplate": {"name": "pg-dump"},
               "variables": [{"name": "DB", "value": "orders"},
                             {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}],
               "volumes": [{"name": "scratch", "emptyDir": {}}],
               "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
               "runtimeSettings": {
                 "pod": {"serviceAccountName": "hook-runner", "nodeSelector": {"kubernetes.io/os": "linux"},
                         "tolerations": [{"key": "dedicated", "operator": "Exists"}],
                         "securityContext": {"runAsUser": 1000}},
                 "container": {"resources": {"limits": {"memory": "64Mi"}},
                               "securityContext": {"allowPrivilegeEscalation": false}}}}]}
            """;

    @Test
    void kubestashFunctionFieldsLoadAndObeyTheSchema() throws Exception {
        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, KUBESTASH_HOOK))
                .isEmpty();

        HookInfo hook = Json.mapper()
                .readValue(KUBESTASH_HOOK, RunRequest.class)
                .hooks()
                .get(0);

        assertThat(hook.variables()).extracting(EnvVar::name).containsExactly("DB", "PASSWORD");
        assertThat(hook.variables().get(1).valueFrom().at("/secretKeyRef/key").asText())
                .isEqualTo("pw");
        assertThat(hook.volumes()).singleElement().satisfies(volume -> {
            assertThat(volume.name()).isEqualTo("scratch");
            assertThat(volume.source()).containsOnlyKeys("emptyDir");
        });
        assertThat(hook.volumeMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.mountPath()).isEqualTo("/scratch"));
        assertThat(hook.runtimeSettings().pod().serviceAccountName()).isEqualTo("hook-runner");
        assertThat(hook.runtimeSettings().pod().nodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(hook.runtimeSettings().pod().tolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.path("operator").asText()).isEqualTo("Exists"));
        assertThat(hook.runtimeSettings()
                        .pod()
                        .securityContext()
                        .path("runAsUser")
                        .asInt())
                .isEqualTo(1000);
        assertThat(hook.runtimeSettings()
                        .container()
                        .resources()
                        .at("/limits/memory")
                        .asText())
                .isEqualTo("64Mi");
    }

    @Test
    void absentFunctionFieldsAreEmptyAndAreNotWritten() throws Exception {
        String request = """
                {"phase": "pre-backup", "session": {"name": "s-1", "namespace": "demo"},
                 "hooks": [{"name": "pause", "hookTemplate": {"name": "t"}}]}
                """;

        HookInfo hook =
                Json.mapper().readValue(request, RunRequest.class).hooks().get(0);

        assertThat(hook.variables()).isEmpty();
        assertThat(hook.volumes()).isEmpty();
        assertThat(hook.volumeMounts()).isEmpty();
        assertThat(hook.runtimeSettings()).isNull();
        assertThat(Json.mapper().valueToTree(hook).fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("name", "hookTemplate");
    }

    @Test
    void listsAreCopiedSoTheCallerCannotChangeTheRecord() {
        List<EnvVar> variables = new ArrayList<>(List.of(new EnvVar("A", "1", null)));
        HookInfo hook = new HookInfo("h", null, null, null, null, null, variables, null, null, null);

        variables.add(new EnvVar("B", "2", null));

        assertThat(hook.variables()).extracting(EnvVar::name).containsExactly("A");
        assertThatThrownBy(() -> hook.variables().add(new EnvVar("C", "3", null)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownRuntimeSettingIsRefusedByBothNamingTheField() {
        String request = KUBESTASH_HOOK.replace("\"serviceAccountName\"", "\"serviceAcountName\"");

        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, request))
                .isNotEmpty()
                .anySatisfy(error -> assertThat(error).contains("serviceAcountName"));
        assertThatThrownBy(() -> Json.mapper().readValue(request, RunRequest.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("serviceAcountName");
    }
}
