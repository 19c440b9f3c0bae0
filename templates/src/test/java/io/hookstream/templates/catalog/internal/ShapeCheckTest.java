package io.hookstream.templates.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ShapeCheckTest {

    private static final ObjectMapper YAML =
            Json.configure(YAMLMapper.builder()).build();
    private final ShapeCheck check = new ShapeCheck(YAML);

    private static JsonNode tree(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    @Test
    void reportsEveryFieldThatWouldNotBindAndWhatIsLeftBinds() throws Exception {
        JsonNode tree = tree("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: t, labels: {env: null}}
                spec:
                  params: [{name: A, required: maybe}]
                  action:
                    exec: {command: [echo, null]}
                    tcpSocket: {port: 1.5, hots: db}
                  executor:
                    type: Pod
                    pod: {selector: app=x, strategy: OnAll}
                """);

        ShapeCheck.Result result = check.check(tree, HookTemplate.class);

        assertThat(result.issues())
                .extracting(ShapeCheck.Issue::field, ShapeCheck.Issue::unknownField)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("metadata.labels.env", false),
                        Tuple.tuple("spec.params[0].required", false),
                        Tuple.tuple("spec.action.exec.command[1]", false),
                        Tuple.tuple("spec.action.tcpSocket.port", false),
                        Tuple.tuple("spec.action.tcpSocket.hots", true),
                        Tuple.tuple("spec.executor.pod.strategy", false));
        HookTemplate rest = YAML.treeToValue(result.pruned(), HookTemplate.class);
        assertThat(rest.spec().executor().pod().selector()).isEqualTo("app=x");
        assertThat(rest.spec().executor().pod().strategy()).isNull();
        assertThat(rest.spec().action().exec().command())
                .as("a list with an entry at fault goes whole")
                .isNull();
        assertThat(rest.spec().params())
                .singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("A"));
        assertThat(tree.at("/spec/executor/pod/strategy").asText())
                .as("the input is not changed")
                .isEqualTo("OnAll");
    }

    @Test
    void aValidManifestHasNoIssueAndIsLeftAsItIs() throws Exception {
        JsonNode tree = tree("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: t, namespace: demo, uid: abc, managedFields: [{}]}
                spec:
                  action: {httpGet: {port: http-metrics, path: /ready}}
                  executor:
                    type: Pod
                    pod: {selector: app=x, strategy: ExecuteOnAll}
                status: {anything: goes}
                """);

        ShapeCheck.Result result = check.check(tree, HookTemplate.class);

        assertThat(result.issues()).isEmpty();
        assertThat(result.pruned()).isEqualTo(tree);
        assertThat(YAML.treeToValue(result.pruned(), HookTemplate.class)
                        .spec()
                        .executor()
                        .pod()
                        .strategy())
                .isEqualTo(PodHookExecutorStrategy.ExecuteOnAll);
    }

    @Test
    void kubernetesObjectsKeptAsTreesAreNotJudged() throws Exception {
        JsonNode tree = tree("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: fn}
                spec:
                  executor:
                    type: Function
                    function:
                      name: pg
                      env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}, anything: [1, 2]}}]
                      volumes: [{name: data, emptyDir: {}, somethingNew: {x: 1}}]
                      volumeMounts: [{name: data, mountPath: /data, mountPth: /typo}]
                """);

        assertThat(check.check(tree, HookTemplate.class).issues())
                .extracting(ShapeCheck.Issue::field)
                .containsExactly("spec.executor.function.volumeMounts[0].mountPth");
    }
}
