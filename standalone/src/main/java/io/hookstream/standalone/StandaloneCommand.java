package io.hookstream.standalone;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.TemplateSource;
import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.worker.WorkerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookstream standalone}: an embedded KRaft broker, the dispatcher and workers in one process, with the
 * example templates, and a few lines telling the user what to try.
 */
@Command(
        name = "standalone",
        mixinStandardHelpOptions = true,
        description = "Run everything in one process: an embedded Kafka broker (KRaft), the dispatcher and workers.")
final class StandaloneCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the embedded broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--data-dir",
            defaultValue = "hookstream-data",
            description = "Where the embedded broker keeps its data and the standalone its generated hook-signing key"
                    + " (default ./${DEFAULT-VALUE}); kept across restarts.")
    Path dataDir;

    @Option(names = "--templates", description = "Directory of HookTemplate YAML (default examples/templates).")
    Path templates;

    @Option(names = "--http-port", description = "Port of the dispatcher's HTTP API (default 8080).")
    Integer httpPort;

    @Option(names = "--workers", description = "Worker consumers in this process (default: one per core).")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Map<String, String> flags = new LinkedHashMap<>();
        if (templates != null) {
            flags.put("templates", templates.toString());
        }
        if (httpPort != null) {
            flags.put("http-port", httpPort.toString());
        }
        loopbackUnlessSet(flags, System.getenv());
        if (workers != null) {
            flags.put("worker-instances", workers.toString());
        }
        DataDirectory data;
        SigningKeyFile.Stored keyFile;
        try {
            data = DataDirectory.open(dataDir);
            keyFile = useDataDirectory(flags, data);
        } catch (DataDirectory.Refused e) {
            System.err.println("hookstream standalone: " + e.getMessage());
            return 2;
        }
        DispatcherConfig dispatcherConfig;
        WorkerConfig workerConfig;
        try {
            dispatcherConfig = DispatcherConfig.from(ConfigReader.fromEnvironment(flags));
            if (dispatcherConfig.templates().source() == TemplateSource.FILES) {
                // the worker checks every hook event against the same templates the dispatcher serves
                flags.putIfAbsent(
                        "templates", dispatcherConfig.templates().dir().toString());
            }
            workerConfig = WorkerConfig.from(ConfigReader.fromEnvironment(flags));
        } catch (ConfigException e) {
            System.err.println("hookstream standalone: " + e.getMessage());
            return 2;
        }
        if (dispatcherConfig.templates().source() == TemplateSource.FILES
                && !Files.isDirectory(dispatcherConfig.templates().dir())) {
            System.err.println("hookstream standalone: templates directory "
                    + dispatcherConfig.templates().dir().toAbsolutePath().normalize()
                    + " does not exist; run from the repository root or pass"
                    + " --templates DIR");
            return 2;
        }
        Standalone standalone = Standalone.start(
                new Standalone.Options(bootstrapServers, kafkaPort, dataDir, dispatcherConfig, workerConfig));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("hookstream: stopping (hooks in flight may finish first)...");
                            try {
                                standalone.close();
                            } catch (Exception e) {
                                System.err.println("hookstream: did not stop cleanly: " + e);
                            }
                            data.close();
                            stopped.countDown();
                        },
                        "hookstream-standalone-shutdown"));
        // a loop that died consumes nothing: stop in order and exit non-zero for a supervisor to restart us
        standalone.loops().exitProcessOnFailure("standalone");
        printBanner(
                System.out, standalone, dispatcherConfig, workerConfig, (System.nanoTime() - started) / 1e9, keyFile);
        stopped.await();
        return 0;
    }

    /**
     * The standalone listens on loopback only unless asked otherwise: the dispatcher's API runs commands on
     * request (and has no authentication unless tokens are configured), the worker's {@code /metrics} and
     * {@code /health} are for this machine. {@code HOOKSTREAM_HTTP_HOST} and {@code HOOKSTREAM_WORKER_HTTP_HOST}
     * still choose another address.
     */
    static void loopbackUnlessSet(Map<String, String> flags, Map<String, String> env) {
        for (String host : new String[] {"http-host", "worker-http-host"}) {
            if (env.get(ConfigReader.envName(host)) == null) {
                flags.put(host, LOOPBACK);
            }
        }
    }

    static final String LOOPBACK = "127.0.0.1";

    /**
     * What the data directory keeps across restarts: the instance id (the consumers rejoin as the same static
     * group members and take their partitions back at once) unless one is given, and the generated hook-signing
     * key unless keys are given. Returns the key file, or null.
     */
    private static SigningKeyFile.Stored useDataDirectory(Map<String, String> flags, DataDirectory data)
            throws DataDirectory.Refused {
        if (System.getenv(ConfigReader.envName("instance-id")) == null) {
            flags.put("instance-id", data.instanceId());
            if (System.getenv(ConfigReader.envName(ConfigReader.STABLE_INSTANCE_ID)) == null) {
                flags.put(ConfigReader.STABLE_INSTANCE_ID, "true");
            }
        }
        if (!HookSigning.needsGeneratedKey(ConfigReader.fromEnvironment(flags))) {
            return null;
        }
        // hook events signed before a restart must verify after it
        SigningKeyFile.Stored keyFile = SigningKeyFile.loadOrCreate(data.path());
        flags.put(HookSigning.KEYS_FILE, keyFile.file().toString());
        return keyFile;
    }

    private static void printBanner(
            PrintStream out,
            Standalone standalone,
            DispatcherConfig dispatcher,
            WorkerConfig worker,
            double seconds,
            SigningKeyFile.Stored keyFile) {
        int port = standalone.dispatcher().httpPort();
        String kafka = standalone.bootstrapServers();
        String prefix = dispatcher.kafka().topics().prefix();
        out.printf("%nhookstream standalone is up (started in %.1f s)%n", seconds);
        out.printf(
                "  Kafka        %s%s%n",
                kafka,
                standalone.embeddedBroker()
                        ? "  (embedded KRaft broker, data in "
                                + standalone.dataDir().toAbsolutePath().normalize() + ")"
                        : "  (existing cluster)");
        out.printf(
                "  Console      http://%s:%d/ui/  (runs live, a run's hooks and output, templates, dead letters,"
                        + " health)%n",
                dispatcher.http().host(), port);
        out.printf(
                "  HTTP API     http://%s:%d  (POST /v1/runs, GET /v1/runs, GET /v1/runs/{runId}?wait=30s,"
                        + " POST /v1/runs/{runId}/cancel, GET /v1/templates)%n",
                dispatcher.http().host(), port);
        out.printf(
                "  Workers      %d consumers in group %s%s%n",
                worker.execution().instances(),
                worker.kafka().groupId(),
                standalone.worker().httpPort() < 0
                        ? ""
                        : ", /metrics and /health/ready on http://"
                                + worker.http().host() + ":"
                                + standalone.worker().httpPort());
        out.printf("  Executors    %s%n", standalone.worker().executors());
        out.printf(
                "  Metrics      http://%s:%d/metrics  (Prometheus; health: /health/live, /health/ready)%n",
                dispatcher.http().host(), port);
        if (dispatcher.templates().source() == TemplateSource.KUBERNETES) {
            out.printf(
                    "  Templates    HookTemplate resources in %s (watched)%n",
                    dispatcher.templates().watchNamespaces().isEmpty()
                            ? "all namespaces"
                            : "namespaces "
                                    + String.join(", ", dispatcher.templates().watchNamespaces()));
        } else {
            out.printf(
                    "  Templates    %s (reloaded on change)%n",
                    dispatcher.templates().dir().toAbsolutePath().normalize());
        }
        out.printf(
                "  Topics       %srequests -> %shooks.<phase> -> %sresults -> %sruns, %sdlq%n",
                prefix, prefix, prefix, prefix, prefix);
        out.printf(
                "  Signing      %s%n",
                !dispatcher.hookSigning().required()
                        ? "OFF (--hook-signing disabled): anyone who can write a hook topic can run hooks"
                        : keyFile != null
                                ? "hook events signed with the key in " + keyFile.file()
                                        + (keyFile.created()
                                                ? " (generated now, kept for the next start"
                                                : " (kept from an earlier start")
                                        + "; a worker in another process needs --hook-signing-keys-file "
                                        + keyFile.file() + ")"
                                : "hook events signed with key "
                                        + dispatcher.hookSigning().keyId());
        out.println();
        out.println("Try it:");
        out.printf(
                "  curl -s localhost:%d/v1/runs -H 'content-type: application/json' -d @examples/requests/pre-backup-echo.json%n",
                port);
        out.printf("  curl -s 'localhost:%d/v1/runs/<runId from above>?wait=30s'%n", port);
        out.printf("  kcat -b %s -C -t %sresults -f '%%k %%s\\n'      # results as they arrive%n", kafka, prefix);
        out.printf(
                "  kcat -b %s -P -t %srequests -k demo-2 examples/requests/pre-backup-echo.json   # a run request over Kafka%n",
                kafka, prefix);
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
