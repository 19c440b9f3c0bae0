package io.hookstream.dispatcher.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.TemplateKey;
import io.hookstream.templates.kubernetes.TemplateConversion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link CatalogSnapshot} from what the informers hold: every valid HookTemplate is served, an invalid
 * one is listed among the problems instead (its previous valid version is not served either). Each version of a
 * resource (uid and resourceVersion) is converted and validated once, and reported once when invalid.
 * Thread-safe.
 */
public final class SnapshotBuilder {

    private record Checked(String version, TemplateConversion.Converted converted) {}

    private final Clock clock;
    private final InvalidTemplateReporter reporter;
    private Map<TemplateKey, Checked> checked = new HashMap<>();

    public SnapshotBuilder(Clock clock, InvalidTemplateReporter reporter) {
        this.clock = clock;
        this.reporter = reporter;
    }

    public synchronized CatalogSnapshot build(
            Collection<GenericKubernetesResource> templates, Collection<Namespace> namespaces) {
        Map<TemplateKey, Checked> next = new HashMap<>();
        Map<TemplateKey, HookTemplate> valid = new HashMap<>();
        Map<TemplateKey, List<Problem>> invalid = new TreeMap<>();
        for (GenericKubernetesResource resource : templates) {
            ObjectMeta meta = resource.getMetadata();
            TemplateKey key = new TemplateKey(meta.getNamespace(), meta.getName());
            String version = meta.getUid() + "@" + meta.getResourceVersion();
            Checked check = checked.get(key);
            if (check == null || !check.version().equals(version)) {
                check = new Checked(version, TemplateConversion.convert(resource));
                if (!check.converted().valid()) {
                    reporter.report(resource, check.converted().problems());
                }
            }
            next.put(key, check);
            if (check.converted().valid()) {
                valid.put(key, check.converted().template());
            } else {
                invalid.put(key, check.converted().problems());
            }
        }
        checked = next;
        return new CatalogSnapshot(valid, labels(namespaces), problems(invalid), clock.instant());
    }

    private static Map<String, Map<String, String>> labels(Collection<Namespace> namespaces) {
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Namespace namespace : namespaces) {
            String name = namespace.getMetadata().getName();
            labels.put(
                    name,
                    NamespaceManifest.labelsOf(name, namespace.getMetadata().getLabels()));
        }
        return labels;
    }

    private static List<LoadProblem> problems(Map<TemplateKey, List<Problem>> invalid) {
        List<LoadProblem> problems = new ArrayList<>();
        invalid.forEach((key, list) -> {
            for (Problem problem : list) {
                problems.add(new LoadProblem(
                        null,
                        0,
                        problem.field(),
                        problem.message() + " [HookTemplate " + key + " is not served until it is fixed]"));
            }
        });
        return problems;
    }
}
