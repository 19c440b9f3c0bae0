package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.TopicScan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * What {@code GET /v1/cluster} shows, read with an Admin client of its own (made on first use, closed by
 * {@link #close()}): for the dispatchers' and the workers' consumer groups, the state, the members (id, client id,
 * host, partitions assigned) and the lag per topic and in sum: the end offsets (read_committed: the last stable offset)
 * minus the committed offsets, which both groups commit in their transactions. A partition without a committed offset
 * counts from its earliest offset (the groups reset to earliest). A partition one offset behind whose last offset is a
 * transaction's commit marker counts 0 ({@link #markerOnly}); a longer lag counts offsets, markers included, so it
 * is at most twice the records waiting. Blocking, bounded by a timeout: call it on a worker pool.
 */
final class ClusterReader implements AutoCloseable {

    /** A group to show: its role in hookstream and its id. */
    record Group(String role, String groupId) {}

    private final Properties clientProperties;
    private final List<Group> groups;
    private final Duration timeout;
    private Admin admin;

    ClusterReader(Properties clientProperties, List<Group> groups, Duration timeout) {
        this.clientProperties = clientProperties;
        this.groups = List.copyOf(groups);
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** The answer, or an exception that says what failed (a timeout, an authorization error). */
    synchronized Map<String, Object> read()
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin client = admin();
        List<String> ids = groups.stream().map(Group::groupId).distinct().toList();
        Map<String, KafkaFuture<ConsumerGroupDescription>> describing =
                client.describeConsumerGroups(ids).describedGroups();
        Map<String, ConsumerGroupDescription> described = new HashMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String id : ids) {
            described.put(id, orNoGroup(describing.get(id), deadline));
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    orNoGroup(client.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata(), deadline);
            Map<TopicPartition, OffsetAndMetadata> known = new HashMap<>();
            if (offsets != null) {
                offsets.forEach((tp, offset) -> {
                    if (offset != null) {
                        known.put(tp, offset);
                    }
                });
            }
            committed.put(id, known);
        }
        Set<TopicPartition> partitions = new HashSet<>();
        Set<TopicPartition> uncommitted = new HashSet<>();
        for (String id : ids) {
            Set<TopicPartition> read = partitionsOf(described.get(id), committed.get(id));
            partitions.addAll(read);
            read.stream().filter(tp -> committed.get(id).get(tp) == null).forEach(uncommitted::add);
        }
        Map<TopicPartition, Long> ends = offsets(client, partitions, OffsetSpec.latest(), deadline);
        Map<TopicPartition, Long> earliest = offsets(client, uncommitted, OffsetSpec.earliest(), deadline);
        Set<TopicPartition> oneBehind = new HashSet<>();
        committed
                .values()
                .forEach(offsets -> offsets.forEach((tp, offset) -> {
                    if (ends.containsKey(tp) && ends.get(tp) - offset.offset() == 1) {
                        oneBehind.add(tp);
                    }
                }));
        Set<TopicPartition> markerOnly = markerOnly(oneBehind, committed, deadline);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Group group : groups) {
            ConsumerGroupDescription description = described.get(group.groupId());
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(group.groupId());
            shown.add(group(
                    group, description, lag(partitionsOf(description, offsets), offsets, ends, earliest, markerOnly)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("observedAt", Instant.now().toString());
        answer.put("groups", shown);
        return answer;
    }

    /** The future's value, or null when the group does not exist (not started yet, or expired). */
    private static <T> T orNoGroup(KafkaFuture<T> future, long deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        try {
            return future.get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private static Map<String, Object> group(
            Group group, ConsumerGroupDescription description, Map<String, Object> lag) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("role", group.role());
        shown.put("groupId", group.groupId());
        shown.put("state", description == null ? "NONE" : String.valueOf(description.groupState()));
        List<Map<String, Object>> members = new ArrayList<>();
        if (description != null) {
            for (MemberDescription member : description.members()) {
                Map<String, Object> shownMember = new LinkedHashMap<>();
                shownMember.put("memberId", member.consumerId());
                member.groupInstanceId().ifPresent(id -> shownMember.put("instanceId", id));
                shownMember.put("clientId", member.clientId());
                shownMember.put("host", member.host());
                shownMember.put(
                        "partitions", member.assignment().topicPartitions().size());
                members.add(shownMember);
            }
            members.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("clientId"))));
        }
        shown.put("members", members);
        shown.put("lag", lag);
        return shown;
    }

    /** The partitions a group reads: those it committed offsets for and those assigned to its members. */
    private static Set<TopicPartition> partitionsOf(
            ConsumerGroupDescription description, Map<TopicPartition, OffsetAndMetadata> committed) {
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        if (description != null) {
            description.members().forEach(m -> partitions.addAll(m.assignment().topicPartitions()));
        }
        return partitions;
    }

    private static Map<String, Object> lag(
            Set<TopicPartition> partitions,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> ends,
            Map<TopicPartition, Long> earliest,
            Set<TopicPartition> markerOnly) {
        Map<String, Long> byTopic = new TreeMap<>();
        long total = 0;
        for (TopicPartition tp : partitions) {
            Long end = ends.get(tp);
            if (end == null) {
                continue; // a topic deleted since the commit
            }
            OffsetAndMetadata offset = committed.get(tp);
            long from = offset != null ? offset.offset() : earliest.getOrDefault(tp, end);
            long lag = offset != null && end - from == 1 && markerOnly.contains(tp) ? 0 : Math.max(0, end - from);
            byTopic.merge(tp.topic(), lag, Long::sum);
            total += lag;
        }
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("total", total);
        lag.put("topics", byTopic);
        return lag;
    }

    /**
     * Of the partitions one offset behind, those where that offset is a transaction's commit marker, not a record:
     * a group that commits in transactions names the marker's offset after reading the last record of a
     * transactionally written topic (the hook topics, results). A read_committed consumer of its own (assigned, no
     * group) seeks to the committed offset and polls until it reaches the end (a marker: the group is caught up) or
     * gets a record; what is not decided before the deadline counts as behind.
     */
    private Set<TopicPartition> markerOnly(
            Set<TopicPartition> oneBehind,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            long deadline) {
        Set<TopicPartition> markers = new HashSet<>();
        if (oneBehind.isEmpty()) {
            return markers;
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        committed
                .values()
                .forEach(offsets -> offsets.forEach((tp, offset) -> {
                    if (oneBehind.contains(tp)) {
                        from.merge(tp, offset.offset(), Math::min);
                    }
                }));
        Properties props = TopicScan.consumerProperties(clientProperties, "cluster-lag");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, oneBehind.size()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> open = new ArrayList<>(from.keySet());
            consumer.assign(open);
            from.forEach(consumer::seek);
            Set<TopicPartition> withRecords = new HashSet<>();
            while (!open.isEmpty() && remaining(deadline) > 0) {
                consumer.poll(Duration.ofMillis(Math.min(100, remaining(deadline))))
                        .forEach(r -> withRecords.add(new TopicPartition(r.topic(), r.partition())));
                for (TopicPartition tp : List.copyOf(open)) {
                    if (withRecords.contains(tp)) {
                        open.remove(tp);
                    } else if (consumer.position(tp, Duration.ofMillis(remaining(deadline))) > from.get(tp)) {
                        markers.add(tp);
                        open.remove(tp);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // undecided partitions count as one behind
        }
        return markers;
    }

    private Map<TopicPartition, Long> offsets(
            Admin client, Set<TopicPartition> partitions, OffsetSpec spec, long deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = client.listOffsets(
                        request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(remaining(deadline), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.putAll(clientProperties);
            props.put(
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    props.getProperty(AdminClientConfig.CLIENT_ID_CONFIG, "hookstream") + "-cluster");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    private static long remaining(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
