package io.hookstream.templates.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.AllowedNamespaces;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.HookTemplateSpec;
import io.hookstream.schemas.template.LabelSelector;
import io.hookstream.schemas.template.LabelSelectorRequirement;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.schemas.template.ObjectMeta;
import io.hookstream.schemas.template.SelectorOperator;
import io.hookstream.schemas.template.UsagePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsagePolicyCheckTest {

    private static final Map<String, String> PROD =
            NamespaceManifest.labelsOf("prod", Map.of("env", "prod", "tier", "db"));
    private static final Map<String, String> DEV = NamespaceManifest.labelsOf("dev", Map.of("env", "dev"));
    private static final Map<String, String> PLAIN = NamespaceManifest.labelsOf("plain", Map.of());

    private static HookTemplate template(String namespace, UsagePolicy policy) {
        return new HookTemplate(
                HookTemplate.API_VERSION,
                HookTemplate.KIND,
                ObjectMeta.of("backup-hook", namespace),
                new HookTemplateSpec(policy, List.of(), null, null));
    }

    private static HookTemplate from(FromNamespaces from, LabelSelector selector) {
        return template("demo", new UsagePolicy(new AllowedNamespaces(from, selector)));
    }

    private static HookTemplate selector(LabelSelectorRequirement... expressions) {
        return from(FromNamespaces.Selector, new LabelSelector(Map.of(), List.of(expressions)));
    }

    private static LabelSelectorRequirement expression(String key, SelectorOperator operator, String... values) {
        return new LabelSelectorRequirement(key, operator, List.of(values));
    }

    @Test
    void sameAllowsOnlyTheTemplatesNamespace() {
        HookTemplate same = from(FromNamespaces.Same, null);

        assertThat(UsagePolicyCheck.check(same, "demo", NamespaceManifest.labelsOf("demo", Map.of())))
                .isNull();
        Problem problem = UsagePolicyCheck.check(same, "prod", PROD);
        assertThat(problem).isNotNull();
        assertThat(problem.field()).isEqualTo("hookTemplate");
        assertThat(problem.reason()).isEqualTo(Reasons.NAMESPACE_NOT_ALLOWED);
        assertThat(problem.message())
                .contains("demo/backup-hook")
                .contains("Same")
                .contains("'prod'");
    }

    @Test
    void missingUsagePolicyMeansSame() {
        assertThat(UsagePolicyCheck.check(template("demo", null), "demo", Map.of()))
                .isNull();
        assertThat(UsagePolicyCheck.check(template("demo", null), "prod", PROD))
                .satisfies(p -> assertThat(p.message()).contains("Same"));
        assertThat(UsagePolicyCheck.check(template("demo", new UsagePolicy(null)), "prod", PROD))
                .isNotNull();
        HookTemplate noSpec =
                new HookTemplate(HookTemplate.API_VERSION, HookTemplate.KIND, ObjectMeta.of("x", "demo"), null);
        assertThat(UsagePolicyCheck.check(noSpec, "prod", PROD)).isNotNull();
    }

    @Test
    void templateWithoutNamespaceBelongsToDefault() {
        assertThat(UsagePolicyCheck.check(template(null, null), "default", Map.of()))
                .isNull();
        assertThat(UsagePolicyCheck.check(template(null, null), "demo", Map.of()))
                .isNotNull();
    }

    @Test
    void allAllowsEveryNamespace() {
        HookTemplate all = from(FromNamespaces.All, null);

        assertThat(UsagePolicyCheck.check(all, "prod", PROD)).isNull();
        assertThat(UsagePolicyCheck.check(all, "anything", null)).isNull();
    }

    @Test
    void selectorWithMatchLabelsAllowsOnlyMatchingNamespaces() {
        HookTemplate template = from(FromNamespaces.Selector, new LabelSelector(Map.of("env", "prod"), List.of()));

        assertThat(UsagePolicyCheck.check(template, "prod", PROD)).isNull();
        Problem problem = UsagePolicyCheck.check(template, "dev", DEV);
        assertThat(problem.reason()).isEqualTo(Reasons.NAMESPACE_NOT_ALLOWED);
        assertThat(problem.message())
                .contains("demo/backup-hook")
                .contains("{env=prod}")
                .contains("'dev'")
                .contains("env=dev");
    }

    @Test
    void selectorOnTheNameLabelMatchesUndeclaredNamespaces() {
        HookTemplate template =
                selector(expression(NamespaceManifest.NAME_LABEL, SelectorOperator.In, "prod", "staging"));

        assertThat(UsagePolicyCheck.check(template, "staging", null)).isNull();
        assertThat(UsagePolicyCheck.check(template, "staging", NamespaceManifest.labelsOf("staging", Map.of())))
                .isNull();
        assertThat(UsagePolicyCheck.check(template, "dev", null)).isNotNull();
    }

    @Test
    void inOperator() {
        HookTemplate template = selector(expression("env", SelectorOperator.In, "prod", "staging"));

        assertThat(UsagePolicyCheck.check(template, "prod", PROD)).isNull();
        assertThat(UsagePolicyCheck.check(template, "dev", DEV)).isNotNull();
        assertThat(UsagePolicyCheck.check(template, "plain", PLAIN)).isNotNull();
    }

    @Test
    void notInOperator() {
        HookTemplate template = selector(expression("env", SelectorOperator.NotIn, "prod"));

        assertThat(UsagePolicyCheck.check(template, "dev", DEV)).isNull();
        assertThat(UsagePolicyCheck.check(template, "plain", PLAIN))
                .as("a missing label is not in the set")
                .isNull();
        assertThat(UsagePolicyCheck.check(template, "prod", PROD))
                .isNotNull()
                .satisfies(p -> assertThat(p.message()).contains("env notin (prod)"));
    }

    @Test
    void existsOperator() {
        HookTemplate template = selector(expression("tier", SelectorOperator.Exists));

        assertThat(UsagePolicyCheck.check(template, "prod", PROD)).isNull();
        assertThat(UsagePolicyCheck.check(template, "dev", DEV)).isNotNull();
    }

    @Test
    void doesNotExistOperator() {
        HookTemplate template = selector(expression("tier", SelectorOperator.DoesNotExist));

        assertThat(UsagePolicyCheck.check(template, "dev", DEV)).isNull();
        assertThat(UsagePolicyCheck.check(template, "prod", PROD))
                .isNotNull()
                .satisfies(p -> assertThat(p.message()).contains("!tier"));
    }

    @Test
    void matchLabelsAndExpressionsMustAllHold() {
        HookTemplate template = from(
                FromNamespaces.Selector,
                new LabelSelector(Map.of("env", "prod"), List.of(expression("tier", SelectorOperator.In, "web"))));

        assertThat(UsagePolicyCheck.check(template, "prod", PROD)).isNotNull();
        assertThat(UsagePolicyCheck.check(
                        template, "web", NamespaceManifest.labelsOf("web", Map.of("env", "prod", "tier", "web"))))
                .isNull();
    }

    @Test
    void selectorPolicyWithoutOrWithAnInvalidSelectorAllowsNothing() {
        assertThat(UsagePolicyCheck.check(from(FromNamespaces.Selector, null), "demo", Map.of()))
                .satisfies(p -> assertThat(p.message()).contains("without a selector"));
        assertThat(UsagePolicyCheck.check(selector(expression("env", SelectorOperator.NotIn)), "dev", DEV))
                .as("NotIn without values would match everything")
                .isNotNull()
                .satisfies(p -> assertThat(p.message()).contains("invalid usagePolicy selector"));
        assertThat(UsagePolicyCheck.check(selector(expression("env", null, "dev")), "dev", DEV))
                .isNotNull();
    }

    @Test
    void emptySelectorMatchesEveryNamespaceAsInKubernetes() {
        assertThat(UsagePolicyCheck.check(from(FromNamespaces.Selector, new LabelSelector(null, null)), "dev", DEV))
                .isNull();
    }
}
