package io.hookstream.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.cli.CliException;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.schemas.event.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Dead letters as kafka-common's OutboundRecords.deadLetter writes them, read back by the CLI. */
class DeadLetterTest {

    private static ConsumerRecord<byte[], byte[]> original(String topic, List<Header> headers) {
        return new ConsumerRecord<>(
                topic,
                4,
                99,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                5,
                6,
                "run-1".getBytes(StandardCharsets.UTF_8),
                "{\"phase\": ".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(headers),
                Optional.empty());
    }

    /** The dead letter as it is read from the dlq topic at partition 2, offset 7. */
    private static DeadLetter readBack(ProducerRecord<byte[], byte[]> written) {
        return DeadLetter.of(new ConsumerRecord<>(
                written.topic(),
                2,
                7,
                1_700_000_001_000L,
                TimestampType.CREATE_TIME,
                5,
                6,
                written.key(),
                written.value(),
                new RecordHeaders(written.headers()),
                Optional.empty()));
    }

    @Test
    void readsReasonComponentAndOriginFromTheDeadLetterHeaders() {
        DeadLetter letter = readBack(OutboundRecords.deadLetter(
                "hookstream.dlq",
                "dispatcher",
                original("hookstream.requests", List.of()),
                "MalformedRecord",
                "not JSON"));

        assertThat(letter.id()).isEqualTo("hookstream.dlq-2-7");
        assertThat(letter.reason()).isEqualTo("MalformedRecord");
        assertThat(letter.message()).isEqualTo("not JSON");
        assertThat(letter.component()).isEqualTo("dispatcher");
        assertThat(letter.origin()).isEqualTo("hookstream.requests-4@99");
        assertThat(letter.originTime()).hasToString("2023-11-14T22:13:20Z");
        assertThat(letter.view()).doesNotContainKey("value").containsEntry("valueBytes", 10);
    }

    @Test
    void theOriginalHeadersOfACloudEventAreKeptAndTheDeadLetterOnesDropped() {
        List<Header> headers = CloudEvents.headers(
                CloudEventHeaders.TYPE_HOOK_DISPATCHED, "/hookstream/dispatcher", "event-1", "run-1");
        DeadLetter letter = readBack(OutboundRecords.deadLetter(
                "hookstream.dlq", "worker", original("hookstream.hooks.pre-backup", headers), "UnknownHook", "?"));

        assertThat(letter.originalHeaders())
                .extracting(Header::key)
                .containsExactlyElementsOf(headers.stream().map(Header::key).toList());
        assertThat(letter.originalHeaders())
                .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                .contains("event-1", CloudEventHeaders.TYPE_HOOK_DISPATCHED);
    }

    @Test
    void cloudEventHeadersThatDescribeTheDeadLetterItselfAreNotPartOfTheOriginal() {
        DeadLetter letter = readBack(OutboundRecords.deadLetter(
                "hookstream.dlq",
                "dispatcher",
                original("hookstream.requests", List.of(CloudEvents.header("x-origin", "fuzz"))),
                "MalformedRecord",
                "not JSON"));

        assertThat(letter.headers()).extracting(Header::key).contains(CloudEventHeaders.TYPE);
        assertThat(letter.originalHeaders()).extracting(Header::key).containsExactly("x-origin");
    }

    @Test
    void filtersMatchReasonOriginTopicAndComponentAllAtOnce() {
        DeadLetter letter = readBack(OutboundRecords.deadLetter(
                "hookstream.dlq",
                "dispatcher",
                original("hookstream.requests", List.of()),
                "MalformedRecord",
                "not JSON"));

        assertThat(DeadLetterFilter.parse(List.of()).test(letter)).isTrue();
        assertThat(DeadLetterFilter.parse(List.of("reason=MalformedRecord", "topic=hookstream.requests"))
                        .test(letter))
                .isTrue();
        assertThat(DeadLetterFilter.parse(List.of("reason=MalformedRecord", "component=worker"))
                        .test(letter))
                .isFalse();
        assertThat(DeadLetterFilter.parse(List.of("topic=hookstream.results")).test(letter))
                .isFalse();
        assertThatThrownBy(() -> DeadLetterFilter.parse(List.of("reason"))).isInstanceOf(CliException.class);
    }
}
