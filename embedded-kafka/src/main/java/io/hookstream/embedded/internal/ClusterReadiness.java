package io.hookstream.embedded.internal;

import io.hookstream.embedded.EmbeddedKafkaException;
import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Waits until a broker answers {@code describeCluster} and lists the expected node. */
public final class ClusterReadiness {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private ClusterReadiness() {}

    /** Blocks until {@code nodeId} is listed by the cluster at {@code bootstrapServers}, or fails after {@code timeout}. */
    public static void await(String bootstrapServers, int nodeId, Duration timeout) {
        await(bootstrapServers, nodeId, timeout, Map.of());
    }

    /** As {@link #await(String, int, Duration)}, connecting with {@code security} (SASL client properties). */
    public static void await(String bootstrapServers, int nodeId, Duration timeout, Map<String, String> security) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(security);
        config.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "hookstream-embedded-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        Exception last = null;
        Collection<Node> nodes = List.of();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                try {
                    int callTimeout = (int) Math.min(remainingMs, 5_000);
                    nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(callTimeout))
                            .nodes()
                            .get(callTimeout, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == nodeId)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause() instanceof Exception cause ? cause : e;
                } catch (TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedKafkaException(
                            Reason.STARTUP_FAILED,
                            "Interrupted while waiting for the embedded Kafka broker at " + bootstrapServers
                                    + " to be ready.",
                            e);
                }
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            }
        }
        throw new EmbeddedKafkaException(
                Reason.STARTUP_TIMEOUT,
                "The embedded Kafka broker at " + bootstrapServers + " did not list node " + nodeId + " within "
                        + timeout.toMillis() + " ms (nodes seen: " + nodes + ", last error: " + last
                        + "). Check the broker log (WARN/ERROR) and that the advertised host resolves to this machine.",
                last);
    }
}
