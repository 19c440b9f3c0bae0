package io.hookstream.worker.internal.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTemplateLookupTest {

    private final Vertx vertx = Vertx.vertx();
    private final WorkerExecutor pool = vertx.createSharedWorkerExecutor("file-template-lookup-test", 1);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        pool.close();
        vertx.close();
    }

    @Test
    void aTemplateAddedAfterTheLastReloadIsFoundAfterARefreshWithoutWaitingForTheTimer() throws Exception {
        write("first.yaml", "first");
        // the timer would reload in an hour: only refresh() can see the new file
        FileTemplateLookup lookup = new FileTemplateLookup(vertx, dir, Duration.ofHours(1), pool);
        try {
            write("added.yaml", "added-later");

            assertThat(lookup.find("demo", "added-later", "demo").template()).isNull();
            assertThat(lookup.refresh()).as("the directory changed").isTrue();
            assertThat(lookup.find("demo", "added-later", "demo").template()).isNotNull();
            assertThat(lookup.find("demo", "first", "demo").template()).isNotNull();
            assertThat(lookup.refresh()).as("nothing changed since").isFalse();
        } finally {
            lookup.close();
        }
    }

    private void write(String file, String name) throws Exception {
        Files.writeString(dir.resolve(file), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: %s, namespace: demo}
                spec:
                  usagePolicy: {allowedNamespaces: {from: All}}
                  action: {exec: {command: ["/bin/true"]}}
                  executor: {type: Operator}
                """.formatted(name));
    }
}
