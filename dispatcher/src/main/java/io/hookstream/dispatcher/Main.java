package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a dispatcher: {@code java -cp ... io.hookstream.dispatcher.Main [--bootstrap-servers host:9092]
 * [--templates DIR | --template-source kubernetes [--watch-namespaces a,b]] [--http-port 8080]}; every flag
 * also reads from {@code HOOKSTREAM_<FLAG>}. See docs/kubernetes-templates.md for the cluster template source.
 * Exit codes: 2 invalid settings, 1 could not start, {@value io.hookstream.kafka.LoopWatch#EXIT_LOOP_FAILED} its
 * consuming loop died on an error it could not handle (after stopping in order, as on SIGTERM).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        DispatcherConfig config;
        if (wantsHelp(args)) {
            System.out.print(DispatcherSettings.help());
            return;
        }
        try {
            config = DispatcherConfig.from(ConfigReader.fromEnvironment(ConfigReader.parseFlags(args)));
        } catch (ConfigException e) {
            System.err.println("hookstream dispatcher: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Dispatcher dispatcher;
        try {
            dispatcher = Dispatcher.start(vertx, config).await(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("dispatcher could not start: {}", e.getMessage(), e);
            vertx.close();
            System.exit(1);
            return;
        }
        LOG.info("try: curl -s localhost:{}/v1/templates", dispatcher.httpPort());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping dispatcher");
                            try {
                                dispatcher.stop().await(20, TimeUnit.SECONDS);
                                vertx.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("dispatcher did not stop cleanly: {}", e.toString());
                            }
                        },
                        "hookstream-dispatcher-shutdown"));
        // a dispatcher whose loop died turns no request into hooks: stop in order and exit for the supervisor
        dispatcher.loops().exitProcessOnFailure("dispatcher");
    }

    /** Whether the arguments ask for the settings ({@code --help} or {@code -h}) instead of a dispatcher. */
    public static boolean wantsHelp(String... args) {
        return java.util.Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }
}
