package io.hookstream.embedded.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The resolved settings of one single-node KRaft broker (broker and controller combined), turned into
 * broker properties by {@link #toProperties()}.
 *
 * @param host           the address the broker listener binds to
 * @param advertisedHost the host clients are told to connect to
 * @param port           the broker (client) port, already resolved (never 0)
 * @param controllerPort the controller port on 127.0.0.1, already resolved (never 0)
 * @param logDir         the broker's log and metadata directory
 * @param extra          extra broker properties; they win over the single-node defaults
 * @param sasl           SASL/PLAIN on every listener (and ACLs), or null for PLAINTEXT; wins over {@code extra}
 */
public record BrokerSettings(
        String host,
        String advertisedHost,
        int port,
        int controllerPort,
        Path logDir,
        Map<String, String> extra,
        SaslSettings sasl) {

    /** The node id of the one node. */
    public static final int NODE_ID = 1;
    /** The name of the controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The controller always binds to loopback. */
    public static final String CONTROLLER_HOST = "127.0.0.1";

    /** Properties that define the node's identity, listeners and storage; {@code extra} may not set them. */
    public static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "controller.listener.names",
            "listeners",
            "advertised.listeners",
            "inter.broker.listener.name",
            "log.dirs",
            "log.dir",
            "metadata.log.dir");

    public BrokerSettings {
        extra = Map.copyOf(extra);
    }

    /** PLAINTEXT settings. */
    public BrokerSettings(
            String host, String advertisedHost, int port, int controllerPort, Path logDir, Map<String, String> extra) {
        this(host, advertisedHost, port, controllerPort, logDir, extra, null);
    }

    /** The broker properties: single-node defaults, then {@code extra}, then the managed keys. */
    public Properties toProperties() {
        Properties p = new Properties();
        // single node: every internal topic has one replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "6");
        p.putAll(extra);

        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + CONTROLLER_HOST + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        String listener = sasl == null ? "PLAINTEXT" : SaslSettings.LISTENER;
        p.setProperty(
                "listeners",
                listener + "://" + hostPort(host, port) + "," + CONTROLLER_LISTENER + "://" + CONTROLLER_HOST + ":"
                        + controllerPort);
        p.setProperty("advertised.listeners", listener + "://" + hostPort(advertisedHost, port));
        p.setProperty("inter.broker.listener.name", listener);
        if (sasl == null) {
            p.putIfAbsent(
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        } else {
            sasl.applyTo(p);
        }
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        return p;
    }

    /** {@code host:port}, with an IPv6 literal in brackets. */
    public static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
