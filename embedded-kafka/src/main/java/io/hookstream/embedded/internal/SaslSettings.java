package io.hookstream.embedded.internal;

import io.hookstream.embedded.EmbeddedKafkaException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SASL/PLAIN on every listener of the one node (clients, inter-broker and controller), optionally with the
 * KRaft {@code StandardAuthorizer} and no access without an ACL. The node itself logs in as {@code brokerUser},
 * which is always a super user.
 *
 * @param users      user name → password of every principal that may log in, the broker's own included
 * @param brokerUser the user the node uses on its inter-broker and controller connections
 * @param acls       whether ACLs are enforced ({@code allow.everyone.if.no.acl.found=false})
 * @param superUsers users that bypass ACLs (besides {@code brokerUser})
 */
public record SaslSettings(Map<String, String> users, String brokerUser, boolean acls, Set<String> superUsers) {

    /** The user the node itself logs in as on its inter-broker and controller connections. */
    public static final String BROKER_USER = "hookstream-embedded-broker";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** The name (and security protocol) of the client listener. */
    public static final String LISTENER = "SASL_PLAINTEXT";
    /** The SASL mechanism of every listener. */
    public static final String MECHANISM = "PLAIN";
    /** KRaft's authorizer. */
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    public SaslSettings {
        users = Map.copyOf(users);
        superUsers = Set.copyOf(superUsers);
    }

    /**
     * Checks the builder's users and super users and adds the node's own user.
     *
     * @param users      name → password, or null for no SASL (then the result is null)
     * @param superUsers super users (ACLs enforced), or null for no authorizer
     * @throws EmbeddedKafkaException {@code InvalidConfig} naming what cannot be used
     */
    public static SaslSettings from(Map<String, String> users, Set<String> superUsers, String brokerPassword) {
        if (users == null) {
            if (superUsers != null) {
                throw invalid("aclAuthorizer needs saslPlain(users): without SASL every client is User:ANONYMOUS "
                        + "and no ACL could tell them apart");
            }
            return null;
        }
        if (users.isEmpty()) {
            throw invalid("saslPlain needs at least one user (name -> password)");
        }
        users.forEach((user, password) -> {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                throw invalid("saslPlain user name '" + user + "' is not valid; use letters, digits, '.', '_' and '-'");
            }
            if (user.equals(BROKER_USER)) {
                throw invalid("saslPlain user name '" + user + "' is the broker's own user; choose another name");
            }
            if (password == null
                    || password.isEmpty()
                    || password.contains("\"")
                    || password.contains("\\")
                    || password.chars().anyMatch(Character::isISOControl)) {
                throw invalid("saslPlain password of user '" + user + "' must be non-empty, without '\"', '\\' or "
                        + "control characters");
            }
        });
        for (String user : superUsers == null ? Set.<String>of() : superUsers) {
            if (!users.containsKey(user)) {
                throw invalid("aclAuthorizer super user '" + user + "' is not a saslPlain user, so it could never log "
                        + "in; add it to saslPlain(...) or drop it");
            }
        }
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(BROKER_USER, brokerPassword);
        return new SaslSettings(all, BROKER_USER, superUsers != null, superUsers == null ? Set.of() : superUsers);
    }

    /**
     * The client properties of {@code user}, one of the builder's users.
     *
     * @throws EmbeddedKafkaException {@code InvalidConfig} for an unknown user (or the node's own)
     */
    public Map<String, String> clientPropertiesOf(String user) {
        String password = user == null || user.equals(brokerUser) ? null : users.get(user);
        if (password == null) {
            throw invalid("No SASL user '" + user + "' on this embedded Kafka broker; add it to saslPlain(...). "
                    + "Known users: "
                    + new TreeSet<>(users.keySet().stream()
                            .filter(u -> !u.equals(brokerUser))
                            .toList()));
        }
        return clientProperties(user, password);
    }

    /** The client properties (security.protocol, sasl.mechanism, sasl.jaas.config) of {@code user}. */
    public static Map<String, String> clientProperties(String user, String password) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", LISTENER);
        props.put("sasl.mechanism", MECHANISM);
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return props;
    }

    /** The client properties of the broker's own user (for readiness checks). */
    public Map<String, String> brokerClientProperties() {
        return clientProperties(brokerUser, users.get(brokerUser));
    }

    /** Sets the listeners' security, the JAAS login of the node and the authorizer on {@code p}. */
    void applyTo(Properties p) {
        p.setProperty(
                "listener.security.protocol.map",
                LISTENER + ":" + LISTENER + "," + BrokerSettings.CONTROLLER_LISTENER + ":" + LISTENER);
        p.setProperty("inter.broker.listener.name", LISTENER);
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("sasl.mechanism.controller.protocol", MECHANISM);
        String jaas = serverJaas();
        for (String listener : new String[] {LISTENER, BrokerSettings.CONTROLLER_LISTENER}) {
            p.setProperty("listener.name." + listener.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config", jaas);
        }
        if (acls) {
            Set<String> supers = new TreeSet<>(superUsers);
            supers.add(brokerUser);
            p.setProperty("authorizer.class.name", AUTHORIZER);
            p.setProperty("allow.everyone.if.no.acl.found", "false");
            p.setProperty("super.users", supers.stream().map(u -> "User:" + u).collect(Collectors.joining(";")));
        }
    }

    private static EmbeddedKafkaException invalid(String message) {
        return new EmbeddedKafkaException(EmbeddedKafkaException.Reason.INVALID_CONFIG, message);
    }

    /** The server side of PLAIN: the node's own login plus one {@code user_NAME="password"} per user. */
    private String serverJaas() {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"")
                .append(brokerUser)
                .append("\" password=\"")
                .append(users.get(brokerUser))
                .append('"');
        new TreeSet<>(users.keySet())
                .forEach(user -> jaas.append(" user_")
                        .append(user)
                        .append("=\"")
                        .append(users.get(user))
                        .append('"'));
        return jaas.append(';').toString();
    }
}
