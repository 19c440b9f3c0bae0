package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.awaitility.Awaitility;

/**
 * hookstream on a broker with SASL/PLAIN and ACLs enforced: principals {@code admin} (super user: creates the
 * topics and ACLs), {@code dispatcher}, {@code worker}, {@code orchestrator} (each with {@link LeastAcls}) and
 * {@code intruder} (no ACL). The dispatcher gets its login through {@code HOOKSTREAM_KAFKA_*} environment
 * variables, the worker through {@code --kafka-properties-file}, as deployments would give them.
 */
final class SaslStack implements AutoCloseable {

    static final Map<String, String> PASSWORDS = Map.of(
            "admin",
            "admin-pw-51d0",
            "dispatcher",
            "dispatcher-pw-8c2e",
            "worker",
            "worker-pw-3f9a",
            "orchestrator",
            "orchestrator-pw-6b71",
            "intruder",
            "intruder-pw-0e44",
            "operator",
            "operator-pw-7d13");
    static final int PARTITIONS = 3;

    final EmbeddedKafkaBroker broker;
    final TopicNames topics = TopicNames.defaults();
    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Worker worker;

    private SaslStack(EmbeddedKafkaBroker broker, Vertx vertx, Dispatcher dispatcher, Worker worker) {
        this.broker = broker;
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.worker = worker;
    }

    /** Starts the broker, creates topics and ACLs, then the dispatcher and a worker; {@code dir} holds their files. */
    static SaslStack start(Path dir) throws Exception {
        return start(dir, true);
    }

    /**
     * As {@link #start(Path)} without the in-process worker: the test runs workers of its own, e.g. as separate
     * JVMs logging in with {@code dir/worker.properties} and checking hook events against {@code dir/templates}.
     */
    static SaslStack startWithoutWorker(Path dir) throws Exception {
        return start(dir, false);
    }

    private static SaslStack start(Path dir, boolean withWorker) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .saslPlain(PASSWORDS)
                .aclAuthorizer(Set.of("admin"))
                .build()
                .start();
        Vertx vertx = null;
        try {
            TopicNames topics = TopicNames.defaults();
            provision(broker, topics);
            Path templates = Files.createDirectories(dir.resolve("templates"));
            for (String resource : List.of("marks.yaml", "cancel.yaml")) {
                try (InputStream in = SaslStack.class.getResourceAsStream("/e2e-templates/" + resource)) {
                    assertThat(in).as("test resource e2e-templates/" + resource).isNotNull();
                    Files.copy(in, templates.resolve(resource));
                }
            }
            Map<String, String> flags = new HashMap<>();
            flags.put("bootstrap-servers", broker.bootstrapServers());
            flags.put("templates", templates.toString());
            flags.put("http-host", "127.0.0.1");
            flags.put("http-port", "0");
            flags.put("topic-partitions", Integer.toString(PARTITIONS));
            flags.put("worker-instances", "1");
            flags.put("worker-http-port", "-1");
            flags.put("kubernetes", "false");
            flags.put("retry-backoff", "50ms");
            flags.put(TestSigning.SETTING, TestSigning.KEYS);
            Map<String, String> dispatcherEnv = new HashMap<>();
            broker.clientProperties("dispatcher")
                    .forEach((key, value) -> dispatcherEnv.put(
                            ConfigReader.KAFKA_ENV_PREFIX
                                    + key.toUpperCase(Locale.ROOT).replace('.', '_'),
                            value));
            Map<String, String> workerFlags = new HashMap<>(flags);
            workerFlags.put(
                    ConfigReader.KAFKA_PROPERTIES_FILE,
                    propertiesFile(dir.resolve("worker.properties"), broker.clientProperties("worker"))
                            .toString());
            DispatcherConfig dispatcherConfig = DispatcherConfig.from(new ConfigReader(dispatcherEnv, flags));
            WorkerConfig workerConfig = WorkerConfig.from(new ConfigReader(Map.of(), workerFlags));
            vertx = Vertx.vertx();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Dispatcher dispatcher =
                    Dispatcher.start(vertx, dispatcherConfig, registry).await(60, TimeUnit.SECONDS);
            Worker worker =
                    withWorker ? Worker.start(vertx, workerConfig, registry).await(60, TimeUnit.SECONDS) : null;
            Awaitility.await("dispatcher and worker assigned")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.isAssigned() && (worker == null || worker.allAssigned()));
            return new SaslStack(broker, vertx, dispatcher, worker);
        } catch (Exception | AssertionError e) {
            if (vertx != null) {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
            broker.close();
            throw e;
        }
    }

    /** As the admin: every topic (as the services would create them), then each principal's least ACLs. */
    private static void provision(EmbeddedKafkaBroker broker, TopicNames topics) throws Exception {
        try (Admin admin = admin(broker, "admin")) {
            List<NewTopic> created = new ArrayList<>(topics.all().stream()
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)
                            .configs(topics.configs().getOrDefault(t, Map.of())))
                    .toList());
            // the ledger of dlq replay, created beforehand as docs/kafka-acls.md says (compacted, one partition)
            created.add(new NewTopic(topics.prefix() + "dlq-replayed", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(created).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            acls.addAll(LeastAcls.dispatcher("dispatcher", topics));
            acls.addAll(LeastAcls.worker("worker", topics));
            acls.addAll(LeastAcls.orchestrator("orchestrator", topics));
            acls.addAll(LeastAcls.dlqReplayOfRequests("operator", topics));
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // the broker's authorizer applies ACLs from the metadata log: wait until it serves all of them
            Awaitility.await("ACLs in force")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get(10, TimeUnit.SECONDS)
                                    .size()
                            == acls.size());
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker, String user) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(user));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(config);
    }

    /** Writes {@code properties} as a Java properties file, as an operator would for --kafka-properties-file. */
    static Path propertiesFile(Path file, Map<String, String> properties) throws Exception {
        Properties props = new Properties();
        props.putAll(properties);
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "Kafka client login (test)");
        }
        return file;
    }

    /** Removes every ACL of {@code user}, as an operator who revokes a principal's rights would. */
    void revokeAcls(String user) throws Exception {
        try (Admin admin = admin(broker, "admin")) {
            AclBindingFilter ofUser = new AclBindingFilter(
                    ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
            admin.deleteAcls(List.of(ofUser)).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("ACLs of " + user + " gone")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> admin.describeAcls(ofUser)
                            .values()
                            .get(10, TimeUnit.SECONDS)
                            .isEmpty());
        }
    }

    /** The SASL client properties of {@code user}. */
    Map<String, String> login(String user) {
        return broker.clientProperties(user);
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    int httpPort() {
        return dispatcher.httpPort();
    }

    @Override
    public void close() {
        try {
            if (worker != null) {
                worker.stop().await(60, TimeUnit.SECONDS);
            }
            dispatcher.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("hookstream did not stop: " + e, e);
        } finally {
            broker.close();
        }
    }
}
