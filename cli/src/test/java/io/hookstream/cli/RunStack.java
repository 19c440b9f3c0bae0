package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real dispatcher and (optionally) a worker in this JVM on the test's embedded broker, as the standalone
 * e2e harness starts them, with the templates of {@code cli-templates/run.yaml}.
 */
final class RunStack implements AutoCloseable {

    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Worker worker;

    private RunStack(Vertx vertx, Dispatcher dispatcher, Worker worker) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.worker = worker;
    }

    /** Components on topics of {@code prefix}; without {@code withWorker} hooks are dispatched but never run. */
    static RunStack start(EmbeddedKafkaBroker broker, String prefix, boolean withWorker) throws Exception {
        Path templates = Files.createTempDirectory("cli-templates");
        try (InputStream in = RunStack.class.getResourceAsStream("/cli-templates/run.yaml")) {
            assertThat(in).isNotNull();
            Files.copy(in, templates.resolve("run.yaml"));
        }
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap-servers", broker.bootstrapServers());
        flags.put("topic-prefix", prefix);
        flags.put("dispatcher-group", prefix + "dispatcher");
        flags.put("worker-group", prefix + "workers");
        flags.put("instance-id", prefix + "instance");
        flags.put("templates", templates.toString());
        flags.put("http-host", "127.0.0.1");
        flags.put("http-port", "0");
        flags.put("topic-partitions", "3");
        flags.put("worker-instances", "1");
        flags.put("kubernetes", "false");
        flags.put("worker-http-port", "-1");
        ConfigReader config = new ConfigReader(TestSigning.ENV, flags);
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Dispatcher dispatcher = Dispatcher.start(vertx, DispatcherConfig.from(config), registry, null)
                .await(60, TimeUnit.SECONDS);
        Worker worker = withWorker
                ? Worker.start(vertx, WorkerConfig.from(config), registry, null).await(60, TimeUnit.SECONDS)
                : null;
        Awaitility.await("dispatcher and worker assigned")
                .atMost(Duration.ofSeconds(30))
                .until(() -> dispatcher.isAssigned() && (worker == null || worker.allAssigned()));
        return new RunStack(vertx, dispatcher, worker);
    }

    String dispatcherUrl() {
        return "http://127.0.0.1:" + dispatcher.httpPort();
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.stop().await(60, TimeUnit.SECONDS);
        }
        dispatcher.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
    }
}
