package io.hookstream.worker;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker process: {@code java -cp ... io.hookstream.worker.Main [--bootstrap-servers host:9092]
 * [--worker-instances N]}; every flag also reads from {@code HOOKSTREAM_<FLAG>}. SIGTERM lets hooks in flight
 * finish (bounded by --shutdown-timeout), commits and exits. A consumer loop that dies on an error it cannot
 * handle stops the process the same way, with exit code {@value io.hookstream.kafka.LoopWatch#EXIT_LOOP_FAILED}
 * (2: invalid settings, 1: could not start).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        WorkerConfig config;
        if (wantsHelp(args)) {
            System.out.print(WorkerSettings.help());
            return;
        }
        try {
            config = WorkerConfig.from(ConfigReader.fromEnvironment(ConfigReader.parseFlags(args)));
        } catch (ConfigException e) {
            System.err.println("hookstream worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Worker worker;
        try {
            worker = Worker.start(vertx, config).await(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("worker could not start: {}", e.getMessage(), e);
            vertx.close();
            System.exit(1);
            return;
        }
        long stopSeconds = config.execution().shutdownTimeout().toSeconds() + 15;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info(
                                    "stopping worker: letting {} hooks in flight finish (at most {})",
                                    worker.inFlight(),
                                    config.execution().shutdownTimeout());
                            try {
                                worker.stop().await(stopSeconds, TimeUnit.SECONDS);
                                vertx.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("worker did not stop cleanly: {}", e.toString());
                            }
                        },
                        "hookstream-worker-shutdown"));
        // a consumer whose loop died consumes nothing: stop in order and exit for the supervisor to restart us
        worker.loops().exitProcessOnFailure("worker");
    }

    /** Whether the arguments ask for the settings ({@code --help} or {@code -h}) instead of a worker. */
    public static boolean wantsHelp(String... args) {
        return java.util.Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }
}
