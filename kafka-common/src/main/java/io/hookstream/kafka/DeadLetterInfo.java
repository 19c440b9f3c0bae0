package io.hookstream.kafka;

import io.hookstream.schemas.event.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;

/**
 * What the {@code hookstream.dlq.*} headers that {@link OutboundRecords#deadLetter} adds say of a dead letter, read
 * back (by the CLI's {@code dlq} commands and the dispatcher's {@code GET /v1/dead-letters}); a header that is
 * missing, or a number that does not parse, is null.
 */
public record DeadLetterInfo(
        String reason,
        String message,
        String component,
        String originTopic,
        Integer originPartition,
        Long originOffset,
        Long originTimestamp) {

    public static DeadLetterInfo of(Headers headers) {
        Long partition = number(CloudEvents.lastValue(headers, DeadLetterHeaders.ORIGIN_PARTITION));
        return new DeadLetterInfo(
                CloudEvents.lastValue(headers, DeadLetterHeaders.REASON),
                CloudEvents.lastValue(headers, DeadLetterHeaders.MESSAGE),
                CloudEvents.lastValue(headers, DeadLetterHeaders.COMPONENT),
                CloudEvents.lastValue(headers, DeadLetterHeaders.ORIGIN_TOPIC),
                partition == null ? null : partition.intValue(),
                number(CloudEvents.lastValue(headers, DeadLetterHeaders.ORIGIN_OFFSET)),
                number(CloudEvents.lastValue(headers, DeadLetterHeaders.ORIGIN_TIMESTAMP)));
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
