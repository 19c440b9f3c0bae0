package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes/base cannot be applied here (no API server): check offline that the resources parse, the CRD
 * is the published one, each component's RBAC grants what its Kubernetes calls need, and the Deployments run as
 * the brief's securityContext says with probes on the health endpoints. The overlays: KubernetesOverlaysTest.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes", "base");
    private static final Path PUBLISHED_CRD = Path.of(
            "..",
            "schemas",
            "src",
            "main",
            "resources",
            "io",
            "hookstream",
            "schemas",
            "crds",
            "hooktemplates.core.kubestash.com.yaml");

    private static List<JsonNode> resources() throws IOException {
        JsonNode kustomization = load(DIR.resolve("kustomization.yaml")).get(0);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode file : kustomization.get("resources")) {
            out.addAll(load(DIR.resolve(file.asText())));
        }
        return out;
    }

    private static List<JsonNode> load(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add(Json.mapper().valueToTree(doc));
            }
        }
        return docs;
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> resources) {
        Map<String, JsonNode> out = new HashMap<>();
        resources.forEach(r ->
                out.put(r.get("kind").asText() + "/" + r.at("/metadata/name").asText(), r));
        return out;
    }

    @Test
    void everyListedResourceParsesAndTheKustomizationCoversEveryFile() throws IOException {
        List<JsonNode> resources = resources();

        assertThat(resources)
                .extracting(r -> r.get("kind").asText())
                .contains(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget");
        List<String> listed = new ArrayList<>();
        load(DIR.resolve("kustomization.yaml")).get(0).get("resources").forEach(f -> listed.add(f.asText()));
        try (Stream<Path> files = Files.walk(DIR)) {
            List<String> yamlFiles = files.filter(p -> p.toString().endsWith(".yaml"))
                    .map(p -> DIR.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("kustomization.yaml"))
                    .toList();
            assertThat(listed)
                    .as("every manifest is applied by kubectl apply -k")
                    .containsExactlyInAnyOrderElementsOf(yamlFiles);
        }
    }

    @Test
    void theCrdIsThePublishedOne() throws IOException {
        assertThat(Files.readString(DIR.resolve("crds/hooktemplates.core.kubestash.com.yaml")))
                .isEqualTo(Files.readString(PUBLISHED_CRD));
    }

    @Test
    void rbacGrantsEachComponentWhatItCalls() throws IOException {
        Map<String, JsonNode> all = byKindAndName(resources());

        JsonNode dispatcher = all.get("ClusterRole/hookstream-dispatcher");
        assertThat(rules(dispatcher))
                .contains(
                        "core.kubestash.com/hooktemplates:get,list,watch",
                        "/namespaces:get,list,watch",
                        "hookstream.io/hookruns:get,list,create,delete",
                        "hookstream.io/hookruns/status:update",
                        "core.kubestash.com/backupsessions:get");
        JsonNode worker = all.get("ClusterRole/hookstream-worker");
        assertThat(rules(worker))
                .contains(
                        "/pods:get,list,watch",
                        "/pods/exec:create,get",
                        "/pods/log:get",
                        "apps/replicasets:get",
                        "addons.kubestash.com/functions:get",
                        "batch/jobs:create,get,list,watch,delete",
                        "core.kubestash.com/hooktemplates:get",
                        "/namespaces:get");
        assertThat(rules(worker)).noneMatch(rule -> rule.contains("*") || rule.contains("secrets"));
        assertThat(rules(dispatcher)).noneMatch(rule -> rule.contains("*") || rule.contains("secrets"));
        for (String component : List.of("dispatcher", "worker")) {
            JsonNode binding = all.get("ClusterRoleBinding/hookstream-" + component);
            assertThat(binding.at("/roleRef/name").asText()).isEqualTo("hookstream-" + component);
            assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("hookstream-" + component);
            JsonNode pod = all.get("Deployment/hookstream-" + component).at("/spec/template/spec");
            assertThat(pod.get("serviceAccountName").asText()).isEqualTo("hookstream-" + component);
        }
    }

    @Test
    void dispatcherAndWorkersReadTheSigningKeysFromTheSameSecretAndNeitherDisablesSigning() throws IOException {
        Map<String, JsonNode> all = byKindAndName(resources());
        String config = Files.readString(DIR.resolve("config.env"));
        assertThat(config)
                .contains("HOOKSTREAM_HOOK_SIGNING_KEYS_FILE=/etc/hookstream/signing/keys")
                .doesNotContain("HOOKSTREAM_HOOK_SIGNING=");
        for (String component : List.of("dispatcher", "worker")) {
            JsonNode pod = all.get("Deployment/hookstream-" + component).at("/spec/template/spec");
            JsonNode container = pod.get("containers").get(0);
            assertThat(pod.get("volumes")).as(component).anySatisfy(v -> {
                assertThat(v.at("/secret/secretName").asText()).isEqualTo("hookstream-signing");
                assertThat(container.get("volumeMounts")).anySatisfy(m -> {
                    assertThat(m.get("name").asText()).isEqualTo(v.get("name").asText());
                    assertThat(m.get("mountPath").asText()).isEqualTo("/etc/hookstream/signing");
                    assertThat(m.get("readOnly").asBoolean()).isTrue();
                });
            });
            assertThat(pod.at("/securityContext/fsGroup").asInt())
                    .as("the key file is group-readable only")
                    .isEqualTo(pod.at("/securityContext/runAsGroup").asInt());
            assertThat(container.get("env"))
                    .noneSatisfy(e -> assertThat(e.get("name").asText()).isEqualTo("HOOKSTREAM_HOOK_SIGNING"));
        }
    }

    @Test
    void deploymentsRunNonRootReadOnlyWithProbesOnTheHealthEndpoints() throws IOException {
        Map<String, JsonNode> all = byKindAndName(resources());
        for (String component : List.of("dispatcher", "worker")) {
            JsonNode pod = all.get("Deployment/hookstream-" + component).at("/spec/template/spec");
            JsonNode container = pod.get("containers").get(0);

            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(component)
                    .isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .as(component)
                    .isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                    .as(component)
                    .isFalse();
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
            assertThat(container.at("/resources/requests/memory").isMissingNode())
                    .as(component)
                    .isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode())
                    .as(component)
                    .isFalse();
            assertThat(container.get("args").get(0).asText()).isEqualTo(component);
        }
        for (String component : List.of("dispatcher", "worker")) {
            JsonNode podLabels = all.get("Deployment/hookstream-" + component).at("/spec/template/metadata/labels");
            JsonNode budget = all.get("PodDisruptionBudget/hookstream-" + component);
            budget.at("/spec/selector/matchLabels")
                    .fields()
                    .forEachRemaining(
                            label -> assertThat(podLabels.path(label.getKey()).asText())
                                    .as("the budget selects the %s pods", component)
                                    .isEqualTo(label.getValue().asText()));
            assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(all.get("Service/hookstream-" + component)
                            .at("/spec/ports/0/targetPort")
                            .asText())
                    .isEqualTo("http");
        }
        JsonNode worker = all.get("Deployment/hookstream-worker");
        int workerGrace =
                worker.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
        String shutdownTimeout = null;
        for (JsonNode env : worker.at("/spec/template/spec/containers/0/env")) {
            if (env.get("name").asText().equals("HOOKSTREAM_SHUTDOWN_TIMEOUT")) {
                shutdownTimeout = env.get("value").asText();
            }
        }
        assertThat(shutdownTimeout)
                .as("the worker's drain time is set where its grace period is")
                .isNotNull();
        assertThat((long) workerGrace)
                .as("hooks in flight drain within --shutdown-timeout; what still runs after"
                        + " it is stopped, released and committed, then the process closes: 30s more")
                .isGreaterThanOrEqualTo(GoDuration.parse(shutdownTimeout).toSeconds() + 30);
    }

    private static List<String> rules(JsonNode role) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : role.get("rules")) {
            List<String> verbs = new ArrayList<>();
            rule.get("verbs").forEach(v -> verbs.add(v.asText()));
            for (JsonNode group : rule.get("apiGroups")) {
                for (JsonNode resource : rule.get("resources")) {
                    out.add(group.asText() + "/" + resource.asText() + ":" + String.join(",", verbs));
                }
            }
        }
        return out;
    }
}
