package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.testing.TestSigning;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {

    @Test
    void secretParamPatternsDefaultToTheUsualNamesAndCanBeReplaced() {
        DispatcherConfig defaults = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()));
        DispatcherConfig custom = DispatcherConfig.from(new ConfigReader(
                Map.of(
                        "HOOKSTREAM_SECRET_PARAM_PATTERNS",
                        "pin, passphrase",
                        "HOOKSTREAM_HOOK_SIGNING_KEYS",
                        TestSigning.KEYS),
                Map.of()));

        assertThat(defaults.secretParams().patterns())
                .containsExactly("PASSWORD", "TOKEN", "SECRET", "KEY", "CREDENTIAL");
        assertThat(custom.secretParams().isSecret("card_pin")).isTrue();
        assertThat(custom.secretParams().isSecret("DB_PASSWORD")).isFalse();
        assertThat(custom.describe()).containsEntry("secret-param-patterns", "PIN,PASSPHRASE");
    }

    @Test
    void secretParamPatternsWithoutAnyPatternAreRefused() {
        assertThatThrownBy(() -> DispatcherConfig.from(
                        new ConfigReader(TestSigning.ENV, Map.of("secret-param-patterns", " , "))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("secret-param-patterns");
    }

    @Test
    void theKubernetesRunMirrorIsOnByDefaultAndTurnedOffByFlagOrEnvironmentAndAnythingElseIsRefused() {
        DispatcherConfig defaults = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()));
        DispatcherConfig flag = DispatcherConfig.from(
                new ConfigReader(TestSigning.ENV, ConfigReader.parseFlags("--kubernetes-run-mirror=false")));
        DispatcherConfig env = DispatcherConfig.from(new ConfigReader(
                Map.of("HOOKSTREAM_KUBERNETES_RUN_MIRROR", "FALSE", "HOOKSTREAM_HOOK_SIGNING_KEYS", TestSigning.KEYS),
                Map.of()));

        assertThat(defaults.kubernetesRunMirror()).isTrue();
        assertThat(defaults.describe()).containsEntry("kubernetes-run-mirror", true);
        assertThat(flag.kubernetesRunMirror()).isFalse();
        assertThat(env.kubernetesRunMirror()).isFalse();
        assertThatThrownBy(() -> DispatcherConfig.from(
                        new ConfigReader(TestSigning.ENV, Map.of("kubernetes-run-mirror", "sometimes"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kubernetes-run-mirror")
                .hasMessageContaining("use true or false");
    }

    @Test
    void templateSourceDefaultsToFilesAndDescribeShowsTheDirectory() {
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()));

        assertThat(config.templates().source()).isEqualTo(TemplateSource.FILES);
        assertThat(config.templates().watchNamespaces()).isEmpty();
        assertThat(config.describe())
                .containsEntry("template-source", "files")
                .containsKey("templates")
                .doesNotContainKey("watch-namespaces");
    }

    @Test
    void kubernetesSourceReadsWatchNamespacesFromFlagsOrEnvironment() {
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(
                Map.of(
                        "HOOKSTREAM_TEMPLATE_SOURCE",
                        "Kubernetes",
                        "HOOKSTREAM_WATCH_NAMESPACES",
                        " demo, prod ,demo,",
                        "HOOKSTREAM_HOOK_SIGNING_KEYS",
                        TestSigning.KEYS),
                Map.of()));

        assertThat(config.templates().source()).isEqualTo(TemplateSource.KUBERNETES);
        assertThat(config.templates().watchNamespaces()).containsExactly("demo", "prod");
        assertThat(config.describe())
                .containsEntry("template-source", "kubernetes")
                .containsEntry("watch-namespaces", "demo,prod")
                .doesNotContainKey("templates");
    }

    @Test
    void kubernetesSourceWithoutWatchNamespacesWatchesAll() {
        DispatcherConfig config =
                DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of("template-source", "kubernetes")));

        assertThat(config.describe()).containsEntry("watch-namespaces", "all");
    }

    @Test
    void unknownTemplateSourceIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> DispatcherConfig.from(
                        new ConfigReader(TestSigning.ENV, Map.of("template-source", "configmap"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("template-source")
                .hasMessageContaining("'configmap'")
                .hasMessageContaining("files")
                .hasMessageContaining("kubernetes");
    }

    @Test
    void invalidNamespaceNameIsRefused() {
        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(
                        TestSigning.ENV, Map.of("template-source", "kubernetes", "watch-namespaces", "demo,Prod_1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("watch-namespaces")
                .hasMessageContaining("'Prod_1'");
    }

    @Test
    void watchNamespacesWithTheFilesSourceIsRefused() {
        assertThatThrownBy(() ->
                        DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of("watch-namespaces", "demo"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("watch-namespaces")
                .hasMessageContaining("--template-source kubernetes");
    }
}
