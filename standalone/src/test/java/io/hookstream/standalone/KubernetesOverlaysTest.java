package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.LoopMetrics;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.standalone.e2e.LeastAcls;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The overlays of deploy/kubernetes, rendered by {@code kubectl kustomize} (skipped where /usr/bin/kubectl is
 * missing): each renders with the kinds it promises and pinned images; the Strimzi topics and ACLs match what
 * the services create and use; KEDA scales the workers on the hooks they report waiting and in flight.
 */
class KubernetesOverlaysTest {

    private static final Path OVERLAYS = Path.of("..", "deploy", "kubernetes", "overlays");
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private static List<JsonNode> render(String overlay) throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "skipped: no " + KUBECTL + " to run `kubectl kustomize`");
        Process kubectl = new ProcessBuilder(
                        KUBECTL.toString(),
                        "kustomize",
                        OVERLAYS.resolve(overlay).toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(out).isZero();
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            docs.add(Json.mapper().valueToTree(doc));
        }
        return docs;
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> resources) {
        Map<String, JsonNode> out = new HashMap<>();
        resources.forEach(r ->
                out.put(r.get("kind").asText() + "/" + r.at("/metadata/name").asText(), r));
        return out;
    }

    private static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream()
                .filter(r -> r.get("kind").asText().equals(kind))
                .toList();
    }

    @Test
    void eachOverlayRendersTheBaseWithBudgetsAutoscalingAndMonitoringAndPinnedImages() throws Exception {
        for (String overlay : List.of("plain", "strimzi")) {
            List<JsonNode> resources = render(overlay);

            assertThat(resources)
                    .extracting(r -> r.get("kind").asText())
                    .as(overlay)
                    .contains(
                            "Namespace",
                            "CustomResourceDefinition",
                            "ClusterRole",
                            "Deployment",
                            "Service",
                            "ConfigMap",
                            "PodDisruptionBudget",
                            "ScaledObject",
                            "ServiceMonitor");
            List<String> images = new ArrayList<>();
            ofKind(resources, "Deployment")
                    .forEach(d -> d.at("/spec/template/spec/containers")
                            .forEach(c -> images.add(c.get("image").asText())));
            assertThat(images).as(overlay).hasSize(2).allSatisfy(image -> {
                assertThat(image).startsWith("ghcr.io/hookstream/hookstream");
                assertThat(image.contains("@sha256:")
                                || image.substring(image.lastIndexOf(':') + 1).matches("\\d+\\.\\d+\\.\\d+"))
                        .as(image)
                        .isTrue();
            });
            assertThat(resources)
                    .as("%s: everything in one namespace", overlay)
                    .filteredOn(r -> r.at("/metadata/namespace").isTextual())
                    .allSatisfy(r ->
                            assertThat(r.at("/metadata/namespace").asText()).isEqualTo("hookstream"));
        }
    }

    @Test
    void kedaScalesTheWorkersOnHooksWaitingAndInFlightFromPrometheusOneWorkerPerMaxInFlight() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LoopMetrics.bind(registry, "worker", "worker-0", () -> null);
        Map<String, Set<String>> served = exposition(registry.scrape());
        for (String overlay : List.of("plain", "strimzi")) {
            Map<String, JsonNode> all = byKindAndName(render(overlay));
            JsonNode scaled = all.get("ScaledObject/hookstream-worker");
            JsonNode trigger = scaled.at("/spec/triggers/0");
            JsonNode worker = all.get("Deployment/hookstream-worker");
            JsonNode config =
                    ofKind(List.copyOf(all.values()), "ConfigMap").get(0).get("data");
            String query = trigger.at("/metadata/query").asText();

            assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("hookstream-worker");
            assertThat(scaled.at("/spec/triggers")).as("one trigger").hasSize(1);
            assertThat(trigger.get("type").asText()).isEqualTo("prometheus");
            assertThat(trigger.get("metricType").asText())
                    .as("fallback works with AverageValue only")
                    .isEqualTo("AverageValue");
            Map<String, String> selectors = selectors(query);
            assertThat(selectors)
                    .as("%s: the query sums exactly the two gauges", query)
                    .containsOnlyKeys("hookstream_waiting", "hookstream_in_flight");
            String namespace = worker.at("/metadata/namespace").asText();
            selectors.forEach((metric, matchers) -> {
                assertThat(served).as("the worker serves %s", metric).containsKey(metric);
                assertThat(served.get(metric)).contains("component");
                assertThat(matchers)
                        .as(overlay + ": " + metric)
                        .contains("component=\"worker\"", "namespace=\"" + namespace + "\"");
            });
            assertThat(query).startsWith("sum(").contains(") + sum(");
            assertThat(trigger.at("/metadata/threshold").asText())
                    .as("one worker's hooks at once")
                    .isEqualTo(env(worker, "HOOKSTREAM_MAX_IN_FLIGHT"));
            assertThat(trigger.at("/metadata/activationThreshold").asText()).isEqualTo("0");
            assertThat(trigger.at("/metadata/ignoreNullValues").asText())
                    .as("no worker series is an error")
                    .isEqualTo("false");
            assertThat(trigger.at("/metadata/serverAddress").asText())
                    .as(overlay)
                    .isEqualTo(envFile(OVERLAYS.resolve(overlay).resolve("autoscaling.env"))
                            .get("PROMETHEUS_SERVER_ADDRESS"))
                    .startsWith("http");
            assertThat(all)
                    .as("the overlay's autoscaling settings are local, not applied")
                    .doesNotContainKey("ConfigMap/hookstream-autoscaling");
            assertThat(all.keySet())
                    .as("KEDA reads no Kafka any more")
                    .noneMatch(key -> key.startsWith("TriggerAuthentication/") || key.endsWith("-keda"));

            int min = scaled.at("/spec/minReplicaCount").asInt();
            int max = scaled.at("/spec/maxReplicaCount").asInt();
            assertThat(min)
                    .as("the workers report the signal themselves: never scale to 0")
                    .isGreaterThanOrEqualTo(2)
                    .isLessThan(max);
            int consumers = max * Integer.parseInt(env(worker, "HOOKSTREAM_WORKER_INSTANCES"));
            assertThat(consumers)
                    .as("every consumer of the largest group has a partition")
                    .isLessThanOrEqualTo(TopicNames.defaults().allHooks().size()
                            * config.get("HOOKSTREAM_TOPIC_PARTITIONS").asInt());
            assertThat(scaled.at("/spec/fallback/behavior").asText())
                    .as("blind: keep the current count")
                    .isEqualTo("currentReplicasIfHigher");
            assertThat(scaled.at("/spec/fallback/replicas").asInt()).isEqualTo(min);
            assertThat(scaled.at("/spec/fallback/failureThreshold").asInt()).isPositive();

            int grace = worker.at("/spec/template/spec/terminationGracePeriodSeconds")
                    .asInt();
            JsonNode scaleDown = scaled.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown");
            assertThat(scaleDown.get("policies")).isNotEmpty().allSatisfy(policy -> {
                assertThat(policy.get("type").asText()).isEqualTo("Pods");
                assertThat(policy.get("value").asInt()).isEqualTo(1);
                assertThat(policy.get("periodSeconds").asInt())
                        .as("one drain ends before the next begins")
                        .isGreaterThanOrEqualTo(grace);
            });
        }
    }

    /** Metric name → the text between its braces, for every selector of {@code query}. */
    private static Map<String, String> selectors(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher selector = Pattern.compile("(hookstream_[a-z_]+)\\{([^}]*)}").matcher(query);
        while (selector.find()) {
            out.put(selector.group(1), selector.group(2));
        }
        return out;
    }

    /** Metric name → label names, from a Prometheus text exposition. */
    private static Map<String, Set<String>> exposition(String body) {
        Map<String, Set<String>> out = new HashMap<>();
        Matcher sample =
                Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}").matcher(body);
        while (sample.find()) {
            Set<String> labels = out.computeIfAbsent(sample.group(1), n -> new TreeSet<>());
            Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(sample.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return out;
    }

    private static String env(JsonNode deployment, String name) {
        for (JsonNode e : deployment.at("/spec/template/spec/containers/0/env")) {
            if (e.get("name").asText().equals(name)) {
                return e.get("value").asText();
            }
        }
        throw new AssertionError(deployment.at("/metadata/name").asText() + " sets no " + name);
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    @Test
    void theServiceMonitorScrapesBothComponentsOnANamedPort() throws Exception {
        Map<String, JsonNode> all = byKindAndName(render("plain"));
        JsonNode monitor = all.get("ServiceMonitor/hookstream");

        List<String> selected = new ArrayList<>();
        monitor.at("/spec/selector/matchExpressions/0/values").forEach(v -> selected.add(v.asText()));
        assertThat(selected).containsExactlyInAnyOrder("hookstream-dispatcher", "hookstream-worker");
        for (String name : selected) {
            JsonNode service = all.get("Service/" + name);
            assertThat(service.at("/metadata/labels/app.kubernetes.io~1name").asText())
                    .isEqualTo(name);
            assertThat(service.at("/spec/ports/0/name").asText())
                    .isEqualTo(monitor.at("/spec/endpoints/0/port").asText());
        }
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void strimziTopicsAreEveryHookstreamTopicWithTheServicesPartitionsAndConfigs() throws Exception {
        List<JsonNode> resources = render("strimzi");
        JsonNode config = ofKind(resources, "ConfigMap").get(0).get("data");
        TopicNames names = TopicNames.defaults();

        Map<String, JsonNode> topics = new HashMap<>();
        ofKind(resources, "KafkaTopic")
                .forEach(t -> topics.put(t.at("/spec/topicName").asText(), t));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(names.all());
        topics.forEach((name, topic) -> {
            assertThat(topic.at("/spec/partitions").asInt())
                    .as(name)
                    .isEqualTo(config.get("HOOKSTREAM_TOPIC_PARTITIONS").asInt());
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isNotBlank();
            Map<String, String> expected = names.configs().getOrDefault(name, Map.of());
            Map<String, String> actual = new HashMap<>();
            topic.at("/spec/config")
                    .fields()
                    .forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
            assertThat(actual).as(name).isEqualTo(expected);
        });
    }

    @Test
    void strimziUsersMayDoWhatEachComponentDoesAndNoMore() throws Exception {
        Map<String, JsonNode> all = byKindAndName(render("strimzi"));
        List<String> dispatcher = acls(all.get("KafkaUser/hookstream-dispatcher"));
        List<String> worker = acls(all.get("KafkaUser/hookstream-worker"));

        // exactly the ACLs KafkaSaslAclIT runs the real dispatcher and worker with (docs/kafka-acls.md)
        assertThat(dispatcher)
                .containsExactlyInAnyOrderElementsOf(
                        strimzi(LeastAcls.dispatcher("hookstream-dispatcher", TopicNames.defaults())));
        assertThat(worker)
                .containsExactlyInAnyOrderElementsOf(
                        strimzi(LeastAcls.worker("hookstream-worker", TopicNames.defaults())));
        assertThat(dispatcher)
                .contains(
                        "group:" + DispatcherConfig.DEFAULT_GROUP + ":literal:Read",
                        "topic:hookstream.hooks.:prefix:Write");
        assertThat(worker)
                .contains("group:" + WorkerConfig.DEFAULT_GROUP + ":literal:Read")
                .noneMatch(acl -> acl.startsWith("topic:hookstream.hooks.") && acl.contains("Write"))
                .noneMatch(acl -> acl.startsWith("topic:hookstream.requests") && acl.contains("Write"));
        assertThat(ofKind(List.copyOf(all.values()), "KafkaUser"))
                .extracting(u -> u.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("hookstream-dispatcher", "hookstream-worker");
        for (String component : List.of("dispatcher", "worker")) {
            JsonNode env = all.get("Deployment/hookstream-" + component).at("/spec/template/spec/containers/0/env");
            List<String> secrets = new ArrayList<>();
            env.forEach(e -> secrets.add(e.get("name").asText() + "<-"
                    + e.at("/valueFrom/secretKeyRef/name").asText()));
            assertThat(secrets)
                    .as("connects as its own KafkaUser")
                    .contains("HOOKSTREAM_KAFKA_SASL_JAAS_CONFIG<-hookstream-" + component);
        }
    }

    /** Kafka ACL bindings as {@link #acls} renders a KafkaUser's: {@code type:name:pattern:Op1,Op2} per resource. */
    private static List<String> strimzi(List<AclBinding> bindings) {
        Map<String, List<String>> byResource = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            String type = switch (binding.pattern().resourceType()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                case TRANSACTIONAL_ID -> "transactionalId";
                default -> throw new IllegalArgumentException("no Strimzi name for " + binding);
            };
            String pattern = binding.pattern().patternType() == PatternType.PREFIXED ? "prefix" : "literal";
            String op = binding.entry().operation().name();
            byResource
                    .computeIfAbsent(type + ":" + binding.pattern().name() + ":" + pattern, k -> new ArrayList<>())
                    .add(op.charAt(0) + op.substring(1).toLowerCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        byResource.forEach((resource, ops) -> {
            ops.sort(null);
            out.add(resource + ":" + String.join(",", ops));
        });
        return out;
    }

    private static List<String> acls(JsonNode user) throws IOException {
        assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
        List<String> out = new ArrayList<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            List<String> ops = new ArrayList<>();
            acl.get("operations").forEach(o -> ops.add(o.asText()));
            ops.sort(null);
            JsonNode resource = acl.get("resource");
            out.add(resource.get("type").asText() + ":" + resource.get("name").asText() + ":"
                    + resource.get("patternType").asText() + ":" + String.join(",", ops));
        }
        return out;
    }
}
