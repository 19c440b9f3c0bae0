package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookTemplatesTest {

    @Test
    void theGeneratedTemplatesLoadWithoutProblemsAndNameTheActionPort(@TempDir Path dir) {
        HookTemplates.write(dir, 17070);

        CatalogSnapshot catalog = new TemplateDirectory(dir).load();

        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.templates()).hasSize(4);
        HookTemplate tcp = catalog.find(HookTemplates.NAMESPACE, "loadtest-tcp").orElseThrow();
        assertThat(tcp.spec().action().tcpSocket().port().toString()).contains("17070");
        assertThat(catalog.find(HookTemplates.NAMESPACE, "loadtest-echo")).isPresent();
    }

    @Test
    void theHttpHookPostsItsHookIdParamBecauseHttpGetPathsAreNotTemplated(@TempDir Path dir) {
        HookTemplates.write(dir, 17070);

        HookTemplate http = new TemplateDirectory(dir)
                .load()
                .find(HookTemplates.NAMESPACE, "loadtest-http")
                .orElseThrow();

        assertThat(http.spec().action().httpGet()).isNull();
        assertThat(http.spec().action().httpPost().body())
                .isEqualTo("{{ .Params." + HookTemplates.HOOK_ID_PARAM + " }}");
        assertThat(http.spec().action().httpPost().path()).isEqualTo(HookTemplates.HTTP_PATH);
    }
}
