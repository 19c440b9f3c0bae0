package io.hookstream.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.internal.HangingTransactions.Hanging;
import io.hookstream.embedded.internal.HangingTransactions.Open;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {

    private static final TopicPartition STATE_0 = new TopicPartition("hookstream.dispatcher-state", 0);
    private static final TopicPartition HOOKS_3 = new TopicPartition("hookstream.hooks.pre-backup", 3);
    private static final String ID = "hookstream-dispatcher-standalone-1";

    @Test
    void aTransactionItsCoordinatorKnowsAsEmptyHangs() {
        // what a restarted standalone showed: the dead producer's transaction open, its id Empty at a later epoch
        Open open = new Open(STATE_0, 1, 6, 0, 29);

        List<Hanging> hanging = HangingTransactions.hanging(
                List.of(open), Map.of(1L, ID), Map.of(ID, description(TransactionState.EMPTY, 1, 8, Set.of())));

        assertThat(hanging).extracting(Hanging::open).containsExactly(open);
        assertThat(hanging.get(0).commit()).as("no commit decision to finish").isFalse();
        assertThat(hanging.get(0).toString()).contains("aborted", "open from offset 29", ID + " is Empty");
    }

    @Test
    void aTransactionItsCoordinatorCommittedWithoutThisPartitionIsCommittedHere() {
        // what a restarted standalone showed: the coordinator finished the commit, skipping two state partitions
        Open missedVersion2 = new Open(STATE_0, 1, 5, 0, 49);
        Open missedVersion1 = new Open(HOOKS_3, 2, 3, 0, 41);

        List<Hanging> hanging = HangingTransactions.hanging(
                List.of(missedVersion2, missedVersion1),
                Map.of(1L, ID, 2L, "v1"),
                Map.of(
                        ID,
                        description(TransactionState.COMPLETE_COMMIT, 1, 6, Set.of()),
                        "v1",
                        description(TransactionState.COMPLETE_COMMIT, 2, 3, Set.of())));

        assertThat(hanging).extracting(Hanging::commit).containsExactly(true, true);
        assertThat(hanging.get(0).toString()).startsWith("committed " + STATE_0);
    }

    @Test
    void anOlderTransactionOrOneItsCoordinatorAbortedIsAborted() {
        Open older = new Open(STATE_0, 1, 3, 0, 12);
        Open aborted = new Open(HOOKS_3, 2, 4, 0, 40);

        List<Hanging> hanging = HangingTransactions.hanging(
                List.of(older, aborted),
                Map.of(1L, ID, 2L, "other"),
                Map.of(
                        ID,
                        description(TransactionState.COMPLETE_COMMIT, 1, 6, Set.of()),
                        "other",
                        description(TransactionState.COMPLETE_ABORT, 2, 5, Set.of())));

        assertThat(hanging).extracting(Hanging::commit).containsExactly(false, false);
    }

    @Test
    void aTransactionInProgressWithThatPartitionIsLeftToItsCoordinator() {
        Open ongoing = new Open(STATE_0, 1, 6, 0, 29);
        Open committing = new Open(HOOKS_3, 2, 4, 0, 40);

        List<Hanging> hanging = HangingTransactions.hanging(
                List.of(ongoing, committing),
                Map.of(1L, ID, 2L, "other"),
                Map.of(
                        ID,
                        description(TransactionState.ONGOING, 1, 6, Set.of(STATE_0)),
                        // transactions version 2: a commit bumps the epoch at the coordinator before the markers
                        "other",
                        description(TransactionState.PREPARE_COMMIT, 2, 5, Set.of(HOOKS_3))));

        assertThat(hanging).isEmpty();
        assertThat(HangingTransactions.completing(
                        List.of(ongoing, committing),
                        Map.of(1L, ID, 2L, "other"),
                        Map.of(
                                ID,
                                description(TransactionState.ONGOING, 1, 6, Set.of(STATE_0)),
                                "other",
                                description(TransactionState.PREPARE_COMMIT, 2, 5, Set.of(HOOKS_3)))))
                .as("the one being committed is looked at again once done")
                .isEqualTo(1);
    }

    @Test
    void aTransactionInProgressElsewhereOrUnderAnotherProducerIdHangsHere() {
        Open notAmongItsPartitions = new Open(HOOKS_3, 1, 6, 0, 12);
        Open oldProducerId = new Open(STATE_0, 7, 0, 0, 3);

        List<Hanging> hanging = HangingTransactions.hanging(
                List.of(notAmongItsPartitions, oldProducerId),
                Map.of(1L, ID, 7L, "renewed"),
                Map.of(
                        ID,
                        description(TransactionState.ONGOING, 1, 6, Set.of(STATE_0)),
                        "renewed",
                        description(TransactionState.ONGOING, 9, 0, Set.of(STATE_0))));

        assertThat(hanging).extracting(Hanging::open).containsExactly(notAmongItsPartitions, oldProducerId);
    }

    @Test
    void aTransactionWhoseProducerNoTransactionalIdIsListedForIsNotJudged() {
        // right after a start the coordinator may not have loaded it yet: aborting it could undo a live one
        Open open = new Open(STATE_0, 5, 0, 0, 7);

        List<Hanging> hanging = HangingTransactions.hanging(List.of(open), Map.of(), Map.of());

        assertThat(hanging).isEmpty();
    }

    private static TransactionDescription description(
            TransactionState state, long producerId, int epoch, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, producerId, epoch, 10_000, OptionalLong.empty(), partitions);
    }
}
