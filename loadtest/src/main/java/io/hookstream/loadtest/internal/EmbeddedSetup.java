package io.hookstream.loadtest.internal;

import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.kafka.signing.SigningKeys;
import io.hookstream.loadtest.LoadTestException;
import io.hookstream.loadtest.LoadTestSettings;
import io.hookstream.schemas.GoDuration;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tool's own hookstream: an embedded broker, a dispatcher reading the generated templates, and workers —
 * {@code --workers} Worker instances in this process (one consumer each) or {@code --worker-processes} JVMs with
 * {@code --workers} consumers each. Every {@code --max-in-flight} applies per Worker. Configurations are built
 * from flags exactly as the services' own mains build them.
 */
public final class EmbeddedSetup implements HookstreamSetup {

    private final LoadTestSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final Vertx vertx;
    private final TopicNames topics;
    private Dispatcher dispatcher;
    private final List<Worker> workers = new ArrayList<>();
    private WorkerProcesses processes;
    private Map<String, Object> facts = Map.of();
    /** The run's hook signing key, generated in memory and shared by the dispatcher and every worker. */
    private final String signingKeys = SigningKeys.generate("loadtest").toText();

    private EmbeddedSetup(LoadTestSettings settings, EmbeddedKafkaBroker broker, Vertx vertx) {
        this.settings = settings;
        this.broker = broker;
        this.vertx = vertx;
        this.topics = new TopicNames(settings.topicPrefix());
    }

    /** Starts broker, dispatcher and workers; templates go to {@code runDir/templates} naming {@code actionPort}. */
    public static EmbeddedSetup start(LoadTestSettings settings, int actionPort, Path runDir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .dataDir(runDir.resolve("kafka"))
                .deleteDataOnClose(true)
                .build()
                .start();
        EmbeddedSetup setup = new EmbeddedSetup(settings, broker, Vertx.vertx());
        try {
            Path templates =
                    HookTemplates.write(runDir.resolve("templates"), actionPort).getParent();
            setup.startServices(templates, runDir);
            return setup;
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    private Map<String, String> commonFlags() {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap-servers", broker.bootstrapServers());
        flags.put("topic-prefix", settings.topicPrefix());
        flags.put("topic-partitions", Integer.toString(settings.effectivePartitions()));
        flags.put("topic-replication-factor", "1");
        flags.put(HookSigning.KEYS, signingKeys);
        if (settings.commitInterval() != null) {
            flags.put("commit-interval", GoDuration.format(settings.commitInterval()));
        }
        return flags;
    }

    private void startServices(Path templates, Path runDir) {
        Map<String, String> dispatcherFlags = commonFlags();
        dispatcherFlags.put("http-host", Loopback.HOST);
        dispatcherFlags.put("http-port", "0");
        dispatcherFlags.put("templates", templates.toString());
        dispatcherFlags.put("instance-id", "loadtest-dispatcher");
        dispatcher = await(
                Dispatcher.start(vertx, DispatcherConfig.from(new ConfigReader(Map.of(), dispatcherFlags))),
                "dispatcher");
        if (settings.workerProcesses() > 0) {
            processes = new WorkerProcesses(new WorkerProcesses.Spec(
                    broker.bootstrapServers(),
                    settings.effectivePartitions(),
                    settings.workers(),
                    settings.maxInFlight(),
                    settings.commitInterval(),
                    settings.hookLease(),
                    settings.workerHeap(),
                    settings.workerSessionTimeout(),
                    settings.workerShutdownTimeout(),
                    runDir,
                    signingKeys,
                    templates,
                    settings.verbose() ? "INFO" : "WARN"));
            processes.start(settings.workerProcesses());
            return;
        }
        for (int i = 0; i < settings.workers(); i++) {
            Map<String, String> flags = commonFlags();
            flags.put("worker-instances", "1");
            flags.put("max-in-flight", Integer.toString(settings.maxInFlight()));
            if (settings.hookLease() != null) {
                flags.put("hook-lease", GoDuration.format(settings.hookLease()));
            }
            flags.put("instance-id", "loadtest-worker-" + i);
            flags.put("worker-http-port", "-1");
            flags.put("templates", templates.toString());
            workers.add(await(Worker.start(vertx, WorkerConfig.from(new ConfigReader(Map.of(), flags))), "worker"));
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.await(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LoadTestException(
                    "ServiceNotStarted", "the embedded " + what + " did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public TopicNames topics() {
        return topics;
    }

    @Override
    public void awaitReady(Duration timeout) {
        int partitions = settings.effectivePartitions();
        try (GroupWatch watch = new GroupWatch(broker.bootstrapServers())) {
            watch.awaitSettled(DispatcherConfig.DEFAULT_GROUP, 1, 2 * partitions, timeout);
            watch.awaitSettled(
                    WorkerConfig.DEFAULT_GROUP,
                    settings.workerConsumers(),
                    topics.allHooks().size() * partitions,
                    timeout);
        }
    }

    @Override
    public int workerConsumers() {
        return settings.workerConsumers();
    }

    @Override
    public WorkerProcesses processes() {
        return processes;
    }

    @Override
    public Long heapMaxMiB() {
        if (processes == null) {
            return Runtime.getRuntime().maxMemory() / (1024 * 1024);
        }
        return settings.workerHeap() == null ? null : mib(settings.workerHeap());
    }

    static long mib(String heap) {
        long number = Long.parseLong(heap.replaceAll("[^0-9]", ""));
        char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
        return switch (unit) {
            case 'g' -> number * 1024;
            case 'm' -> number;
            case 'k' -> number / 1024;
            default -> number / (1024 * 1024);
        };
    }

    @Override
    public Map<String, Object> workerFacts() {
        return facts;
    }

    @Override
    public void stopServices() {
        if (processes != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("processesStarted", processes.started());
            out.put("unexpectedExits", processes.unexpectedExits());
            processes.close();
            out.put("gc", GcLogs.read(processes.gcLogs()));
            out.put("logs", processes.dir().toString());
            facts = out;
            processes = null;
        }
        List<Future<Void>> stopping = new ArrayList<>();
        workers.forEach(w -> stopping.add(w.stop()));
        workers.clear();
        try {
            Future.join(stopping)
                    .compose(v -> dispatcher == null ? Future.<Void>succeededFuture() : dispatcher.stop())
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping at the end of a test; the broker is closed next anyway
        }
        dispatcher = null;
    }

    @Override
    public void close() {
        stopServices();
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing
        }
        broker.close();
    }
}
