package io.hookstream.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.TargetResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ResultEntryTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(
                "hookstream.results",
                1,
                42,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                0,
                0,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    @Test
    void aResultIsARowWithItsTimeRunHookStatusReasonDurationAndTarget() throws Exception {
        HookResult result = new HookResult(
                "r/0",
                "r",
                Phase.PRE_BACKUP,
                0,
                "flush",
                null,
                null,
                null,
                HookStatus.Failed,
                "HttpStatus",
                null,
                2,
                null,
                Instant.parse("2026-11-27T05:00:00.5Z"),
                65_000,
                List.of(
                        new TargetResult("pod-a", null, 503, null, null, null),
                        new TargetResult("pod-b", null, 200, null, null, null)));

        ResultEntry entry = ResultEntry.of(record("r", Json.mapper().writeValueAsBytes(result)));

        assertThat(entry.malformed()).isFalse();
        assertThat(entry.row())
                .containsExactly(
                        "2026-11-27T05:00:00Z",
                        "r",
                        "flush",
                        "Failed",
                        "HttpStatus",
                        "1m05s",
                        "pod-a http=503 (+1 more)");
    }

    @Test
    void unreadableRecordsAreMalformedEntriesThatSayWhy() {
        for (byte[] bad : new byte[][] {
            "{nope".getBytes(StandardCharsets.UTF_8),
            null,
            "{\"hookName\": \"x\"}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xff, 0x00}
        }) {
            ResultEntry entry = ResultEntry.of(record("run-9", bad));
            assertThat(entry.malformed()).isTrue();
            assertThat(entry.status()).isEqualTo("?");
            assertThat(entry.runId()).isEqualTo("run-9");
            assertThat(entry.row().get(4)).isEqualTo("MalformedRecord");
            assertThat(entry.row().get(6)).contains("hookstream.results-1@42");
            assertThat(entry.json().path("message").asText()).isNotBlank();
        }
    }

    @Test
    void filtersTreatMalformedEntriesAsStatusQuestionMarkWithoutAHook() {
        ResultEntry malformed = ResultEntry.of(record("run-9", "x".getBytes(StandardCharsets.UTF_8)));

        assertThat(new ResultFilter("run-9", null, null, null).test(malformed)).isTrue();
        assertThat(new ResultFilter(null, "?", null, null).test(malformed)).isTrue();
        assertThat(new ResultFilter(null, "Failed", null, null).test(malformed)).isFalse();
        assertThat(new ResultFilter(null, null, "flush", null).test(malformed)).isFalse();
        assertThat(new ResultFilter(null, null, null, Instant.ofEpochMilli(1_700_000_000_001L)).test(malformed))
                .isFalse();
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.human(850L)).isEqualTo("850ms");
        assertThat(Durations.human(1_250L)).isEqualTo("1.3s");
        assertThat(Durations.human(3_725_000L)).isEqualTo("1h02m");
        assertThat(Durations.human(null)).isEqualTo("-");
    }
}
