package io.hookstream.embedded.share;

import static io.hookstream.embedded.share.ShareGroupClients.DELIVERY_LIMIT;
import static io.hookstream.embedded.share.ShareGroupClients.LOCK;
import static io.hookstream.embedded.share.ShareGroupClients.LOCK_MS;
import static io.hookstream.embedded.share.ShareGroupClients.POLL;
import static io.hookstream.embedded.share.ShareGroupClients.WAIT;
import static io.hookstream.embedded.share.ShareGroupClients.firstRecords;
import static io.hookstream.embedded.share.ShareGroupClients.recordLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.embedded.share.ShareGroupClients.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Share groups (KIP-932) on Kafka 4.3.1 for long work, as a hookstream worker would meet them: a record acquired by
 * one member is locked for the group's lock duration, renewed with {@link AcknowledgeType#RENEW}, given to another
 * member when the lock runs out or the holder closes, and archived after the delivery-count limit. The facts are
 * summarised in docs/delivery.md ("Routes considered").
 */
class ShareGroupLocksIT {

    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupLocksIT.class);

    private static EmbeddedKafkaBroker broker;
    private static ShareGroupClients clients;

    @BeforeAll
    static void start() {
        broker = ShareGroupClients.fastBroker();
        clients = new ShareGroupClients(broker);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theLockDurationIsAGroupConfigThatTheConsumerLearnsWithItsFirstRecords() {
        clients.topicAndGroup("lock", "lock-g", Map.of(LOCK, Long.toString(LOCK_MS)));
        clients.produce("lock", "hook");
        try (KafkaShareConsumer<String, String> consumer = clients.consumer("lock-g", "lock", Map.of())) {
            assertThat(consumer.acquisitionLockTimeoutMs()).isEmpty();
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            await().atMost(WAIT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() -> acceptAll(consumer, got) && !got.isEmpty());

            assertThat(consumer.acquisitionLockTimeoutMs()).contains((int) LOCK_MS);
        }
    }

    @Test
    void aRecordRenewedPastTheLockDurationIsNotDeliveredToAMemberThatJoinedMeanwhileAndItsAcceptSucceeds() {
        clients.topicAndGroup("renew", "renew-g", Map.of(LOCK, Long.toString(LOCK_MS)));
        clients.produce("renew", "long-hook");
        try (KafkaShareConsumer<String, String> holder = clients.consumer("renew-g", "renew", recordLimit(1))) {
            List<Delivery> held = new ArrayList<>();
            await().atMost(WAIT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() -> renewAll(holder, held) && !held.isEmpty());
            long acquiredAt = System.nanoTime();

            try (KafkaShareConsumer<String, String> joiner = clients.consumer("renew-g", "renew", Map.of())) {
                List<ConsumerRecord<String, String>> joinerGot = new ArrayList<>();
                // the joiner becomes a member assigned the same partition: share groups share partitions
                await().atMost(WAIT)
                        .pollInSameThread()
                        .pollDelay(Duration.ZERO)
                        .until(() -> renewAll(holder, held)
                                && acceptAll(joiner, joinerGot)
                                && membersAssigned("renew-g") == 2);
                // three lock durations with the holder renewing and the joiner fetching all the while
                await().atMost(WAIT)
                        .pollInSameThread()
                        .pollDelay(Duration.ZERO)
                        .during(Duration.ofMillis(3 * LOCK_MS))
                        .until(() -> renewAll(holder, held) && acceptAll(joiner, joinerGot) && joinerGot.isEmpty());
                assertThat(Duration.ofNanos(System.nanoTime() - acquiredAt))
                        .isGreaterThan(Duration.ofMillis(3 * LOCK_MS));
                assertThat(held)
                        .as("renewed many times, never redelivered")
                        .hasSizeGreaterThan(3)
                        .allSatisfy(d -> assertThat(d).isEqualTo(new Delivery("long-hook", 1)));

                // the work ends: the holder accepts the record it kept
                List<ConsumerRecord<String, String>> toAccept = firstRecords(holder);
                toAccept.forEach(r -> holder.acknowledge(r, AcknowledgeType.ACCEPT));
                Map<?, Optional<KafkaException>> committed = holder.commitSync();
                assertThat(committed.values())
                        .isNotEmpty()
                        .allSatisfy(error -> assertThat(error).isEmpty());
                assertThat(clients.offsets("renew-g", "renew").lag()).contains(0L);
                assertThat(joinerGot).isEmpty();
            }
        }
    }

    @Test
    void aRecordWhoseHolderStopsRenewingGoesToAnotherMemberOnceTheLockRunsOutWithItsDeliveryCountRaised() {
        clients.topicAndGroup("expiry", "expiry-g", Map.of(LOCK, Long.toString(LOCK_MS)));
        clients.produce("expiry", "hook");
        try (KafkaShareConsumer<String, String> holder = clients.consumer("expiry-g", "expiry", recordLimit(1));
                KafkaShareConsumer<String, String> other = clients.consumer("expiry-g", "expiry", Map.of())) {
            List<ConsumerRecord<String, String>> holderGot = firstRecords(holder);
            long acquiredAt = System.nanoTime();
            List<ConsumerRecord<String, String>> otherGot = new ArrayList<>();
            await().atMost(WAIT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() -> acceptAll(other, otherGot) && !otherGot.isEmpty());
            Duration redeliveredAfter = Duration.ofNanos(System.nanoTime() - acquiredAt);
            LOG.info(
                    "redelivered {} ms after the first acquisition (lock {} ms)", redeliveredAfter.toMillis(), LOCK_MS);

            assertThat(holderGot).map(Delivery::of).containsExactly(new Delivery("hook", 1));
            assertThat(otherGot).map(Delivery::of).containsExactly(new Delivery("hook", 2));
            assertThat(redeliveredAfter).isGreaterThanOrEqualTo(Duration.ofMillis(LOCK_MS * 9 / 10));

            // the stuck holder comes back and accepts. Seen here: InvalidRecordStateException; seen in a probe where
            // the group had moved on past the record: no error. So the holder cannot count on being told.
            holder.acknowledge(holderGot.get(0), AcknowledgeType.ACCEPT);
            LOG.info("late accept by the holder whose lock expired: {}", holder.commitSync());
        }
    }

    @Test
    void pastTheDeliveryCountLimitARecordIsArchivedNeverDeliveredAgainAndTheGroupMovesOn() {
        clients.topicAndGroup("poison", "poison-g", Map.of(DELIVERY_LIMIT, "2"));
        clients.produce("poison", "poison");
        try (KafkaShareConsumer<String, String> consumer = clients.consumer("poison-g", "poison", Map.of())) {
            List<Delivery> seen = new ArrayList<>();
            // every delivery fails and is released for another attempt
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    seen.add(Delivery.of(record));
                    consumer.acknowledge(record, AcknowledgeType.RELEASE);
                }
                return seen.size() >= 2;
            });
            consumer.commitSync();
            clients.produce("poison", "next");
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    seen.add(Delivery.of(record));
                    consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                }
                return seen.stream().anyMatch(d -> d.value().equals("next"));
            });
            consumer.commitSync();

            assertThat(seen)
                    .containsExactly(new Delivery("poison", 1), new Delivery("poison", 2), new Delivery("next", 1));
            // archived: the group has nothing left to deliver (no dead-letter topic in 4.3)
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(
                                    clients.offsets("poison-g", "poison").lag())
                            .contains(0L));
        }
    }

    @Test
    void aMemberThatClosesReleasesTheRecordsItHoldsToTheOthersAtOnceWithoutWaitingForTheLock() {
        clients.topicAndGroup("close", "close-g", Map.of()); // the default lock, 30 s
        clients.produce("close", "hook");
        KafkaShareConsumer<String, String> holder = clients.consumer("close-g", "close", recordLimit(1));
        try (KafkaShareConsumer<String, String> other = clients.consumer("close-g", "close", Map.of())) {
            List<ConsumerRecord<String, String>> otherGot = new ArrayList<>();
            try {
                assertThat(firstRecords(holder)).map(Delivery::of).containsExactly(new Delivery("hook", 1));
                await().atMost(WAIT)
                        .pollInSameThread()
                        .pollDelay(Duration.ZERO)
                        .until(() -> acceptAll(other, otherGot) && membersAssigned("close-g") == 2);
                assertThat(holder.acquisitionLockTimeoutMs()).contains(30_000);
            } finally {
                holder.close(); // unacknowledged: a worker shut down before its hook finished
            }
            long closedAt = System.nanoTime();
            await().atMost(WAIT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() -> acceptAll(other, otherGot) && !otherGot.isEmpty());
            Duration after = Duration.ofNanos(System.nanoTime() - closedAt);
            LOG.info("redelivered {} ms after the holder closed (lock 30000 ms)", after.toMillis());

            assertThat(otherGot).map(Delivery::of).containsExactly(new Delivery("hook", 2));
            assertThat(after).isLessThan(Duration.ofSeconds(15));
        }
    }

    /** One poll; every record returned is renewed and noted. Always true (for use inside Awaitility). */
    private static boolean renewAll(KafkaShareConsumer<String, String> consumer, List<Delivery> seen) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            seen.add(Delivery.of(record));
            consumer.acknowledge(record, AcknowledgeType.RENEW);
        }
        return true;
    }

    /** One poll; every record returned is accepted and kept. Always true. */
    static boolean acceptAll(KafkaShareConsumer<String, String> consumer, List<ConsumerRecord<String, String>> got) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            got.add(record);
            consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
        return true;
    }

    /** How many members of {@code group} have a partition assigned. */
    private static int membersAssigned(String group) {
        try (Admin admin = clients.admin()) {
            ShareGroupDescription description = admin.describeShareGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get();
            return (int) description.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .count();
        } catch (Exception e) {
            return 0;
        }
    }
}
