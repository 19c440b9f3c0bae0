package io.hookstream.standalone.e2e;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.TopicNames;
import io.hookstream.worker.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least Kafka ACLs of each hookstream principal, as docs/kafka-acls.md lists them: what the dispatcher, a
 * worker and an orchestrator really do with the topics of {@link TopicNames}, their consumer groups and their
 * transactional ids ({@code hookstream-<loop name>-<uuid>}, or named after a stable instance id; kafka-common
 * TransactionWriter, WorkerVerticle, DispatcherVerticle). Read and Write imply
 * Describe, so Describe is granted on its own only where nothing more is needed. KafkaSaslAclIT runs hookstream
 * with exactly these; KubernetesOverlaysTest holds the Strimzi KafkaUsers to them.
 */
public final class LeastAcls {

    private final List<AclBinding> bindings = new ArrayList<>();
    private final String principal;

    private LeastAcls(String user) {
        this.principal = "User:" + user;
    }

    /** Consumes requests and results, keeps its run state, writes hook events, outcomes, Skipped results, DLQ. */
    public static List<AclBinding> dispatcher(String user, TopicNames topics) {
        // TopicProvisioner lists the topics it uses at start-up (TopicNames.ofDispatcher: a topic it cannot see,
        // it would try to create), and CoPartitioning describes three: the Read and Write below imply Describe
        return new LeastAcls(user)
                // consumes requests; re-keys misrouted ones and the HTTP API publishes them
                .topic(topics.requests(), AclOperation.READ, AclOperation.WRITE)
                // consumes the workers' results; writes Skipped results itself
                .topic(topics.results(), AclOperation.READ, AclOperation.WRITE)
                // writes run snapshots; reads them back (assigned, no group) when it takes over partitions
                .topic(topics.dispatcherState(), AclOperation.READ, AclOperation.WRITE)
                .topicPrefix(topics.prefix() + "hooks.", AclOperation.WRITE)
                .topic(topics.runs(), AclOperation.WRITE)
                .topic(topics.dlq(), AclOperation.WRITE)
                // forwards cancels of runs to the workers, in its transactions
                .topic(topics.cancels(), AclOperation.WRITE)
                // joins the group and commits offsets inside its transactions (TxnOffsetCommit)
                .group(DispatcherConfig.DEFAULT_GROUP, AclOperation.READ)
                .transactionalIdPrefix("hookstream-dispatcher", AclOperation.WRITE)
                .bindings;
    }

    /**
     * Consumes hook events; writes results and dead letters; scans results (no group) for hooks already run; writes
     * and reads claims on running hooks.
     */
    public static List<AclBinding> worker(String user, TopicNames topics) {
        return new LeastAcls(user)
                // TopicProvisioner lists the topics it uses at start-up (TopicNames.ofWorker): those below
                .topicPrefix(topics.prefix() + "hooks.", AclOperation.READ)
                .topic(topics.results(), AclOperation.READ, AclOperation.WRITE)
                .topic(topics.dlq(), AclOperation.WRITE)
                // claims on running hooks: written in its transactions, read back (assigned, no group)
                .topic(topics.claims(), AclOperation.READ, AclOperation.WRITE)
                // cancels of runs: every partition read (assigned, no group)
                .topic(topics.cancels(), AclOperation.READ)
                .group(WorkerConfig.DEFAULT_GROUP, AclOperation.READ)
                .transactionalIdPrefix("hookstream-worker", AclOperation.WRITE)
                .bindings;
    }

    /** Publishes run requests; reads outcomes and results without a group (as the CLI's run --wait does). */
    public static List<AclBinding> orchestrator(String user, TopicNames topics) {
        return new LeastAcls(user)
                .topic(topics.requests(), AclOperation.WRITE)
                .topic(topics.runs(), AclOperation.READ)
                .topic(topics.results(), AclOperation.READ)
                .bindings;
    }

    /**
     * An operator who runs {@code dlq replay} for dead letters of run requests (docs/kafka-acls.md): reads the
     * dead letters and the ledger, writes the requests back and the ledger, in transactions with the installation's
     * one replay id. Replaying to other topics needs Write there too.
     */
    public static List<AclBinding> dlqReplayOfRequests(String user, TopicNames topics) {
        return new LeastAcls(user)
                .topic(topics.dlq(), AclOperation.READ)
                .topic(topics.prefix() + "dlq-replayed", AclOperation.READ, AclOperation.WRITE)
                .topic(topics.requests(), AclOperation.WRITE)
                .transactionalId(topics.prefix() + "dlq-replay", AclOperation.WRITE)
                .bindings;
    }

    private LeastAcls transactionalId(String name, AclOperation... operations) {
        return allow(ResourceType.TRANSACTIONAL_ID, name, PatternType.LITERAL, operations);
    }

    private LeastAcls topic(String name, AclOperation... operations) {
        return allow(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
    }

    private LeastAcls topicPrefix(String prefix, AclOperation... operations) {
        return allow(ResourceType.TOPIC, prefix, PatternType.PREFIXED, operations);
    }

    private LeastAcls group(String name, AclOperation... operations) {
        return allow(ResourceType.GROUP, name, PatternType.LITERAL, operations);
    }

    private LeastAcls transactionalIdPrefix(String prefix, AclOperation... operations) {
        return allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, operations);
    }

    private LeastAcls allow(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
        return this;
    }
}
