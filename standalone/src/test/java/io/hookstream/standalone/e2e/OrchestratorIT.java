package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a backup orchestrator does, with nothing but plain kafka-clients and a JSON parser: publish a run
 * request keyed by its run id, then read the run's outcome (and its hook results) with read_committed.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorIT {

    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void orchestratorPublishesARequestAndReadsTheOutcomeWithAPlainKafkaClient() throws Exception {
        String runId = "orchestrator-" + UUID.randomUUID();
        String request = """
                {"runId": "%s", "phase": "pre-backup",
                 "session": {"name": "mysql-backup-1", "namespace": "demo",
                             "invoker": {"apiGroup": "core.kubestash.com", "kind": "BackupConfiguration", "name": "mysql-backup"},
                             "target": {"apiGroup": "apps", "kind": "StatefulSet", "namespace": "demo", "name": "mysql"}},
                 "hooks": [{"name": "flush", "hookTemplate": {"name": "exec-echo"}, "params": {"WORD": "lock"}, "timeout": "30s"},
                           {"name": "check", "hookTemplate": {"name": "exec-echo", "namespace": "demo"}}]}
                """.formatted(runId);

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, hookstream.bootstrap());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("hookstream.requests", runId, request);
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", runId.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", "io.hookstream.run.requested".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/orchestrator/test".getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hookstream.bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        JsonNode outcome = null;
        Map<String, JsonNode> results = new HashMap<>();
        Map<String, String> outcomeHeaders = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("hookstream.runs", "hookstream.results"));
            Instant deadline = Instant.now().plusSeconds(30);
            while ((outcome == null || results.size() < 2) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!runId.equals(record.key())) {
                        continue;
                    }
                    JsonNode value = json.readTree(record.value());
                    if (record.topic().equals("hookstream.results")) {
                        results.put(value.get("hookName").asText(), value);
                    } else {
                        outcome = value;
                        record.headers()
                                .forEach(h ->
                                        outcomeHeaders.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }

        assertThat(outcome).as("run outcome within 30 s").isNotNull();
        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(outcome.get("hooks")).extracting(h -> h.get("name").asText()).containsExactly("flush", "check");
        assertThat(outcomeHeaders)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "io.hookstream.run.outcome")
                .containsEntry("ce_subject", runId)
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_source", "ce_time");
        assertThat(results).containsOnlyKeys("flush", "check");
        assertThat(results.get("flush").get("targets").get(0).get("stdout").asText())
                .contains("out:lock");
    }
}
