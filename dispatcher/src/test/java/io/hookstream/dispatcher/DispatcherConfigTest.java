package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {

    @Test
    void templateSourceDefaultsToFilesAndDescribeShowsTheDirectory() {
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(Map.of(), Map.of()));

        assertThat(config.templateSource()).isEqualTo(TemplateSource.FILES);
        assertThat(config.watchNamespaces()).isEmpty();
        assertThat(config.describe()).containsEntry("templateSource", "files").containsKey("templates")
                .doesNotContainKey("watchNamespaces");
    }

    @Test
    void kubernetesSourceReadsWatchNamespacesFromFlagsOrEnvironment() {
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(
                Map.of("HOOKSTREAM_TEMPLATE_SOURCE", "Kubernetes", "HOOKSTREAM_WATCH_NAMESPACES", " demo, prod ,demo,"),
                Map.of()));

        assertThat(config.templateSource()).isEqualTo(TemplateSource.KUBERNETES);
        assertThat(config.watchNamespaces()).containsExactly("demo", "prod");
        assertThat(config.describe()).containsEntry("templateSource", "kubernetes")
                .containsEntry("watchNamespaces", "demo,prod").doesNotContainKey("templates");
    }

    @Test
    void kubernetesSourceWithoutWatchNamespacesWatchesAll() {
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(Map.of(),
                Map.of("template-source", "kubernetes")));

        assertThat(config.describe()).containsEntry("watchNamespaces", "all");
    }

    @Test
    void unknownTemplateSourceIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(Map.of(),
                Map.of("template-source", "configmap")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("template-source").hasMessageContaining("'configmap'")
                .hasMessageContaining("files").hasMessageContaining("kubernetes");
    }

    @Test
    void invalidNamespaceNameIsRefused() {
        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(Map.of(),
                Map.of("template-source", "kubernetes", "watch-namespaces", "demo,Prod_1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watch-namespaces")
                .hasMessageContaining("'Prod_1'");
    }

    @Test
    void watchNamespacesWithTheFilesSourceIsRefused() {
        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(Map.of(),
                Map.of("watch-namespaces", "demo")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("watch-namespaces").hasMessageContaining("--template-source kubernetes");
    }
}
