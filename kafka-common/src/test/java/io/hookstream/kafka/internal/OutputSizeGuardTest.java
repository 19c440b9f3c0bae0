package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.Processed;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutputSizeGuardTest {

    private final OutputSizeGuard guard = new OutputSizeGuard(1000);

    @Test
    void outputsThatFitAreKept() {
        Processed<String> outputs = Processed.of(List.of(record("runs", 500), record("state", 800)), "token");

        assertThat(guard.guard(outputs, problem -> Processed.of(List.of(record("dlq", 10)))))
                .isSameAs(outputs);
    }

    @Test
    void oneOutputTooLargeReplacesAllOutputsOfTheRecordNamingTopicAndLimit() {
        List<String> problems = new java.util.ArrayList<>();
        Processed<String> replacement = Processed.of(List.of(record("dlq", 10)), "instead");

        Processed<String> written =
                guard.guard(Processed.of(List.of(record("runs", 10), record("state", 990)), "rejected"), problem -> {
                    problems.add(problem);
                    return replacement;
                });

        assertThat(written).isEqualTo(replacement);
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("an output to state would be about")
                .contains("more than the 1000 bytes");
    }

    @Test
    void aReplacementTooLargeAsWellIsDropped() {
        assertThat(guard.guard(
                                Processed.of(List.of(record("runs", 2000)), "rejected"),
                                problem -> Processed.of(List.of(record("dlq", 2000)), "instead"))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void theLimitIsTheProducersMaxRequestSize() {
        Properties properties = new Properties();
        assertThat(OutputSizeGuard.of(properties).limit()).isEqualTo(OutputSizeGuard.DEFAULT_LIMIT);
        properties.put("max.request.size", "2000000");
        assertThat(OutputSizeGuard.of(properties).limit()).isEqualTo(2_000_000);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int valueBytes) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, new byte[] {'k'}, new byte[valueBytes]);
        record.headers().add("ce_id", new byte[] {'x'});
        return record;
    }
}
