package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void commitsOnlyUpToTheLowestUnfinishedOffset() {
        PartitionOffsets offsets = new PartitionOffsets(10);
        offsets.started(10);
        offsets.started(11);
        offsets.started(12);

        offsets.finished(11);
        offsets.finished(12);
        assertThat(offsets.committable()).as("10 is still running").isEqualTo(-1);

        offsets.finished(10);
        assertThat(offsets.committable()).isEqualTo(13);
    }

    @Test
    void laterCompletionsAdvanceTheCommitOnceTheGapCloses() {
        PartitionOffsets offsets = new PartitionOffsets(0);
        for (long o = 0; o < 5; o++) {
            offsets.started(o);
        }
        offsets.finished(0);
        offsets.finished(1);
        offsets.finished(3);
        assertThat(offsets.committable()).isEqualTo(2);
        offsets.committedUpTo(2);
        assertThat(offsets.committable()).as("nothing new").isEqualTo(-1);
        offsets.finished(2);
        assertThat(offsets.committable()).isEqualTo(4);
        assertThat(offsets.inFlight()).isEqualTo(1);
    }
}
