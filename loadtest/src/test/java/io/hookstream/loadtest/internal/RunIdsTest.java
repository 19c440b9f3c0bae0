package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    private final RunIds ids = new RunIds("lt-abc-", 1000, 3);

    @Test
    void hookIdsMapToRunTimesHooksPerRunPlusIndex() {
        assertThat(ids.runId(42)).isEqualTo("lt-abc-0000042");
        assertThat(ids.runSeq("lt-abc-0000042")).isEqualTo(42);
        assertThat(ids.hookIndex("lt-abc-0000042/2")).isEqualTo(42 * 3 + 2);
    }

    @Test
    void idsOfOtherPassesOrOutOfRangeAreNotOurs() {
        assertThat(ids.runSeq("lt-xyz-0000042")).isEqualTo(-1);
        assertThat(ids.runSeq("lt-abc-0001000")).isEqualTo(-1);
        assertThat(ids.hookIndex("lt-abc-0000042/3")).isEqualTo(-1);
        assertThat(ids.hookIndex("lt-abc-0000042")).isEqualTo(-1);
        assertThat(ids.hookIndex("lt-abc-00x0042/1")).isEqualTo(-1);
        assertThat(ids.ours("lt-abc-0000001".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ids.ours("lt-abd-0000001".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ids.ours(null)).isFalse();
    }
}
