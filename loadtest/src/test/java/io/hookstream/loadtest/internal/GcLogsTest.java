package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogsTest {

    @Test
    void pausesPeaksAndFullCollectionsAreReadFromUnifiedGcLogLines() {
        GcLogs logs = GcLogs.parse(List.of(
                "[0.010s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.125ms",
                "[2.500s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 130M->41M(256M) 7.500ms",
                "[3.000s][info][gc] GC(2) Pause Full (G1 Compaction Pause) 250M->60M(256M) 40.000ms"));

        assertThat(logs.pauses()).isEqualTo(3);
        assertThat(logs.fullGcs()).isEqualTo(1);
        assertThat(logs.peakBeforeGcMiB()).isEqualTo(250);
        assertThat(logs.peakAfterGcMiB()).isEqualTo(60);
        assertThat(logs.heapCommittedMaxMiB()).isEqualTo(256);
        assertThat(logs.pauseMaxMs()).isEqualTo(40.0);
        assertThat(logs.pauseTotalMs()).isEqualTo(50.6);
    }
}
