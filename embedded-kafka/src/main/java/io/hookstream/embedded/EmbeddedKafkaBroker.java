package io.hookstream.embedded;

import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import io.hookstream.embedded.internal.BrokerSettings;
import io.hookstream.embedded.internal.ClusterReadiness;
import io.hookstream.embedded.internal.DataDirs;
import io.hookstream.embedded.internal.HangingTransactions;
import io.hookstream.embedded.internal.Ports;
import io.hookstream.embedded.internal.SaslSettings;
import io.hookstream.embedded.internal.StorageFormat;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka broker in KRaft mode (broker and controller in one node, id 1), for the
 * standalone mode and for tests. Internal topics use one replica, topics are not auto-created and get 6
 * partitions by default. Clients connect over PLAINTEXT unless {@link Builder#saslPlain(Map)} asks for SASL/PLAIN
 * (optionally with ACLs enforced, {@link Builder#aclAuthorizer(Set)}).
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().port(0).build().start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Lifecycle methods are synchronized; {@link #stop()} and {@link #close()} are idempotent. A stopped broker
 * can be started again on the same ports and data; a closed one cannot.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int RANDOM_PORT_ATTEMPTS = 3;
    private static final String PORT_HINT = "Pass --kafka-port with a free port (0 picks a random one)";
    private static final String CONTROLLER_PORT_HINT =
            "Set the controller port to a free one (0, the default, picks a random one)";

    private final String host;
    private final String advertisedHost;
    private final int configuredPort;
    private final int configuredControllerPort;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final Map<String, String> brokerProperties;
    private final Duration startupTimeout;
    private final SaslSettings sasl;

    private volatile int port;
    private volatile int controllerPort;
    private volatile KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b, Path dataDir, boolean deleteDataOnClose) {
        this.host = b.host;
        this.advertisedHost = b.advertisedHost();
        this.configuredPort = b.port;
        this.configuredControllerPort = b.controllerPort;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.brokerProperties = Map.copyOf(b.brokerProperties);
        this.startupTimeout = b.startupTimeout;
        this.sasl = b.sasl;
        this.port = b.port;
        this.controllerPort = b.controllerPort;
    }

    /** A builder with the defaults: port 9092, random controller port, host 127.0.0.1, temporary data dir. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is not formatted yet (so a used directory keeps its topics), starts the
     * broker and waits until it lists itself in the cluster. Does nothing if already running.
     *
     * @return this broker
     * @throws EmbeddedKafkaException {@code PortInUse} when a fixed port is taken, {@code StartupTimeout} when the
     *                                broker is not ready within the startup timeout, or another reason
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new EmbeddedKafkaException(
                    Reason.CLOSED,
                    "This embedded Kafka broker was closed; build a new one with EmbeddedKafkaBroker.builder().");
        }
        if (server != null) {
            return this;
        }
        long startedAt = System.nanoTime();
        boolean formatted = StorageFormat.formatIfNeeded(logDir());
        for (int attempt = 1; ; attempt++) {
            boolean randomPorts = port == 0 || controllerPort == 0;
            resolvePorts();
            try {
                startServer();
                break;
            } catch (EmbeddedKafkaException e) {
                if (randomPorts && e.reason() == Reason.PORT_IN_USE && attempt < RANDOM_PORT_ATTEMPTS) {
                    LOG.warn(
                            "A random port was taken before the broker could bind it ({}); trying other ports",
                            e.getMessage());
                    port = configuredPort;
                    controllerPort = configuredControllerPort;
                    continue;
                }
                throw e;
            }
        }
        if (!formatted) {
            // the last run may have been killed with transactions open that nothing would end any more
            HangingTransactions.endLeftOpen(
                    bootstrapServers(),
                    sasl == null ? new InetSocketAddress(advertisedHost, port()) : null,
                    sasl == null ? Map.of() : sasl.brokerClientProperties(),
                    dataDir,
                    System.currentTimeMillis()
                            - Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
                    startupTimeout);
        }
        LOG.info(
                "Embedded Kafka broker ready at {} in {} ms ({} data dir {}{})",
                bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
                formatted ? "new" : "existing",
                dataDir,
                sasl == null ? "" : sasl.acls() ? ", SASL/PLAIN, ACLs enforced" : ", SASL/PLAIN");
        return this;
    }

    /** Stops the broker (shutdown and wait for it) and keeps its data; does nothing if it is not running. */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        long stoppingAt = System.nanoTime();
        try {
            running.shutdown();
            running.awaitShutdown();
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException(
                    Reason.SHUTDOWN_FAILED,
                    "The embedded Kafka broker at " + bootstrapServers() + " failed to shut down cleanly: "
                            + e.getMessage(),
                    e);
        }
        LOG.info(
                "Embedded Kafka broker at {} stopped in {} ms",
                bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - stoppingAt).toMillis());
    }

    /** Stops the broker, then starts it again on the same ports and data directory. */
    public synchronized EmbeddedKafkaBroker restart() {
        stop();
        return start();
    }

    /** Stops the broker and, if so configured, deletes its data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (deleteDataOnClose) {
                DataDirs.deleteRecursively(dataDir);
            }
        }
    }

    /** The address clients bootstrap from, e.g. {@code 127.0.0.1:9092} (advertised host and broker port). */
    public String bootstrapServers() {
        return BrokerSettings.hostPort(advertisedHost, port());
    }

    /** Whether clients must log in with SASL/PLAIN ({@link #clientProperties(String)}). */
    public boolean saslEnabled() {
        return sasl != null;
    }

    /** Whether ACLs are enforced ({@link Builder#aclAuthorizer(Set)}). */
    public boolean aclsEnforced() {
        return sasl != null && sasl.acls();
    }

    /**
     * The client properties that log in as {@code user} of {@link Builder#saslPlain(Map)}: {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config} (add {@code bootstrap.servers}).
     *
     * @throws EmbeddedKafkaException {@code InvalidConfig} when this broker has no SASL or no such user
     */
    public Map<String, String> clientProperties(String user) {
        if (sasl == null) {
            throw new EmbeddedKafkaException(
                    Reason.INVALID_CONFIG,
                    "This embedded Kafka broker has no SASL listener,"
                            + " so there is no user " + user + "; build it with saslPlain(Map.of(\"" + user
                            + "\", password)) or connect without security settings.");
        }
        return sasl.clientPropertiesOf(user);
    }

    /**
     * The client properties that log in with SASL/PLAIN as any {@code user} and {@code password}, known to the
     * broker or not (e.g. to show that a wrong password is refused).
     */
    public static Map<String, String> saslPlainClientProperties(String user, String password) {
        return SaslSettings.clientProperties(user, password);
    }

    /** The broker port; for a random port this is 0 until the first {@link #start()}. */
    public int port() {
        return port;
    }

    /** The controller port on 127.0.0.1; for a random port this is 0 until the first {@link #start()}. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory (the broker's log directory is {@code kafka-logs} inside it). */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the broker is started and not stopped. */
    public boolean isRunning() {
        return server != null;
    }

    private Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    private void resolvePorts() {
        if (port == 0) {
            port = Ports.freePort(host);
        } else {
            Ports.ensureFree(host, port, PORT_HINT);
        }
        if (controllerPort == 0) {
            do {
                controllerPort = Ports.freePort(BrokerSettings.CONTROLLER_HOST);
            } while (controllerPort == port);
        } else {
            Ports.ensureFree(BrokerSettings.CONTROLLER_HOST, controllerPort, CONTROLLER_PORT_HINT);
        }
    }

    private void startServer() {
        KafkaConfig config = kafkaConfig(
                new BrokerSettings(host, advertisedHost, port, controllerPort, logDir(), brokerProperties, sasl));
        KafkaRaftServer candidate;
        try {
            candidate = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException(
                    Reason.DATA_DIR_FAILED,
                    "The embedded Kafka broker could not load its data directory " + logDir() + ": " + e.getMessage()
                            + ". Use a data directory written by this embedded broker, or an empty one.",
                    e);
        }
        try {
            candidate.startup();
            ClusterReadiness.await(
                    bootstrapServers(),
                    BrokerSettings.NODE_ID,
                    startupTimeout,
                    sasl == null ? Map.of() : sasl.brokerClientProperties());
        } catch (RuntimeException e) {
            shutDownQuietly(candidate, e);
            if (e instanceof EmbeddedKafkaException known) {
                throw known;
            }
            if (Ports.isBindFailure(e)) {
                throw new EmbeddedKafkaException(
                        Reason.PORT_IN_USE,
                        "The embedded Kafka broker could not bind port "
                                + port + " on " + host + " or controller port " + controllerPort + " on "
                                + BrokerSettings.CONTROLLER_HOST + " (" + e.getMessage() + "). " + PORT_HINT
                                + ", or stop the process that uses the port.",
                        e);
            }
            throw new EmbeddedKafkaException(
                    Reason.STARTUP_FAILED,
                    "The embedded Kafka broker failed to start on " + bootstrapServers() + ": " + e.getMessage()
                            + ". See the broker log above for the cause.",
                    e);
        }
        server = candidate;
    }

    private static KafkaConfig kafkaConfig(BrokerSettings settings) {
        try {
            return KafkaConfig.fromProps(settings.toProperties(), false);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new EmbeddedKafkaException(
                    Reason.INVALID_CONFIG,
                    "The embedded Kafka broker configuration is invalid: " + e.getMessage()
                            + ". Fix or remove the brokerProperty that sets it.",
                    e);
        }
    }

    private static void shutDownQuietly(KafkaRaftServer candidate, RuntimeException failure) {
        try {
            candidate.shutdown();
            candidate.awaitShutdown();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Configures an {@link EmbeddedKafkaBroker}; {@link #build()} validates and creates it (not started). */
    public static final class Builder {

        private int port = 9092;
        private int controllerPort = 0;
        private String host = "127.0.0.1";
        private String advertisedHost;
        private Path dataDir;
        private Boolean deleteDataOnClose;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Map<String, String> saslUsers;
        private Set<String> superUsers;
        private final String brokerPassword = UUID.randomUUID().toString();
        private SaslSettings sasl;

        private Builder() {}

        /** The broker (client) port; 0 picks a random free port. Default 9092. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The controller port, bound on 127.0.0.1; 0 (the default) picks a random free port. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** The address the broker listener binds to. Default 127.0.0.1; 0.0.0.0 binds every interface. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The host clients are told to connect to. Default: the bind host, or 127.0.0.1 for a wildcard host. */
        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /**
         * Where the broker keeps its data. Default: a new temporary directory, deleted on close. A given
         * directory is kept on close unless {@link #deleteDataOnClose(boolean)} says otherwise.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Whether {@link EmbeddedKafkaBroker#close()} deletes the data directory. */
        public Builder deleteDataOnClose(boolean deleteDataOnClose) {
            this.deleteDataOnClose = deleteDataOnClose;
            return this;
        }

        /**
         * Any extra broker property; it wins over the single-node defaults. The node identity, listeners and
         * log directories are managed by this class and rejected here.
         */
        public Builder brokerProperty(String key, String value) {
            if (key == null || value == null) {
                throw invalid("brokerProperty key and value must not be null (key: " + key + ")");
            }
            if (BrokerSettings.MANAGED_KEYS.contains(key)) {
                throw invalid("brokerProperty '" + key + "' is managed by the embedded broker; use port(), "
                        + "controllerPort(), host(), advertisedHost() or dataDir() instead");
            }
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * SASL/PLAIN with these users (name → password): the client listener becomes {@code SASL_PLAINTEXT}, and the
         * node's own inter-broker and controller connections log in too, as an internal user with a random
         * password, so no listener takes unauthenticated connections. Clients get their settings from
         * {@link EmbeddedKafkaBroker#clientProperties(String)}. Names are letters, digits, {@code . _ -}; passwords
         * must not contain {@code "} or {@code \}. Default: no SASL (PLAINTEXT). Security settings given as
         * {@link #brokerProperty} are overridden.
         */
        public Builder saslPlain(Map<String, String> usersAndPasswords) {
            this.saslUsers = usersAndPasswords == null ? null : new LinkedHashMap<>(usersAndPasswords);
            return this;
        }

        /**
         * Enforces ACLs with KRaft's {@code StandardAuthorizer} and {@code allow.everyone.if.no.acl.found=false}: a
         * principal ({@code User:NAME}) may do only what an ACL allows, except {@code superUsers} (users of
         * {@link #saslPlain(Map)}, e.g. an admin that creates topics and ACLs) and the node's own user. Needs
         * {@link #saslPlain(Map)}. Default: no authorizer.
         */
        public Builder aclAuthorizer(Set<String> superUsers) {
            this.superUsers = superUsers == null ? null : Set.copyOf(superUsers);
            return this;
        }

        /** How long {@link EmbeddedKafkaBroker#start()} waits for the broker to be ready. Default 60 s. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Validates the settings (including the broker properties) and creates the broker, not started; creates
         * the temporary data dir if none was given.
         */
        public EmbeddedKafkaBroker build() {
            checkPort("port", port);
            checkPort("controllerPort", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw invalid("port and controllerPort are both " + port + "; give them different values (or 0)");
            }
            if (host == null || host.isBlank()) {
                throw invalid("host must not be blank; use 127.0.0.1 (default) or 0.0.0.0");
            }
            if (advertisedHost != null && (advertisedHost.isBlank() || Ports.isWildcard(advertisedHost))) {
                throw invalid("advertisedHost '" + advertisedHost + "' is not a host clients can connect to; "
                        + "give a host name or address of this machine");
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw invalid("startupTimeout must be positive, was " + startupTimeout);
            }
            sasl = SaslSettings.from(saslUsers, superUsers, brokerPassword);
            // fail fast on a bad brokerProperty (placeholder ports; the real ones are chosen by start())
            int placeholderPort = port != 0 ? port : controllerPort == 1 ? 2 : 1;
            int placeholderControllerPort = controllerPort != 0 ? controllerPort : placeholderPort == 3 ? 4 : 3;
            kafkaConfig(new BrokerSettings(
                    host,
                    advertisedHost(),
                    placeholderPort,
                    placeholderControllerPort,
                    Path.of("kafka-logs").toAbsolutePath(),
                    brokerProperties,
                    sasl));
            Path dir = dataDir != null ? dataDir.toAbsolutePath() : DataDirs.createTemp();
            boolean delete = Objects.requireNonNullElse(deleteDataOnClose, dataDir == null);
            return new EmbeddedKafkaBroker(this, dir, delete);
        }

        private String advertisedHost() {
            return advertisedHost != null ? advertisedHost : Ports.isWildcard(host) ? "127.0.0.1" : host;
        }

        private static void checkPort(String field, int value) {
            if (value < 0 || value > 65_535) {
                throw invalid(field + " must be between 0 and 65535 (0 = random free port), was " + value);
            }
        }

        private static EmbeddedKafkaException invalid(String message) {
            return new EmbeddedKafkaException(Reason.INVALID_CONFIG, message);
        }
    }
}
