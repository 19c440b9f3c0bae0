package io.hookstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One broker per class: the constructor, {@code @BeforeAll}, {@code @BeforeEach} and both tests get the same one. */
@WithEmbeddedKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaExtensionIT {

    private static EmbeddedKafkaBroker fromBeforeAll;
    private final EmbeddedKafkaBroker fromConstructor;
    private EmbeddedKafkaBroker fromBeforeEach;

    EmbeddedKafkaExtensionIT(EmbeddedKafkaBroker broker) {
        this.fromConstructor = broker;
    }

    @BeforeAll
    static void createTopic(EmbeddedKafkaBroker broker) {
        fromBeforeAll = broker;
        PlainKafka.createTopics(broker.bootstrapServers(), 3, "extension-orders");
    }

    @BeforeEach
    void rememberBroker(EmbeddedKafkaBroker broker) {
        fromBeforeEach = broker;
    }

    @Test
    @Order(1)
    void firstTestGetsTheRunningClassBrokerAndWritesARecord(EmbeddedKafkaBroker broker) {
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());

        PlainKafka.produce(
                broker.bootstrapServers(),
                "extension-orders",
                "order-1",
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("ce_id", "id-1"));
    }

    @Test
    @Order(2)
    void secondTestGetsTheSameBrokerWithTheFirstTestsRecord(EmbeddedKafkaBroker broker) {
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(fromConstructor).isSameAs(fromBeforeEach);

        try (RecordCollector orders = RecordCollector.assign(broker.bootstrapServers(), "extension-orders")) {
            List<ConsumerRecord<String, byte[]>> records = orders.awaitCount(1, Duration.ofSeconds(20));
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("order-1");
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
                assertThat(PlainKafka.header(r, "ce_id")).isEqualTo("id-1");
            });
        }
    }
}
