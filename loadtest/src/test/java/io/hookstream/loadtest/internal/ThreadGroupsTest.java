package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names are those of a thread dump of {@code loadtest --embedded --workers 4} (Kafka 4, Vert.x 5). */
class ThreadGroupsTest {

    @Test
    void theThreadsOfTheEmbeddedServicesGoToTheirPart() {
        assertThat(ThreadGroups.ofJavaThread("data-plane-kafka-request-handler-3"))
                .isEqualTo("broker");
        assertThat(ThreadGroups.ofJavaThread("data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0"))
                .isEqualTo("broker");
        assertThat(ThreadGroups.ofJavaThread("group-coordinator-event-processor-0"))
                .isEqualTo("broker");
        assertThat(ThreadGroups.ofJavaThread("TxnMarkerSenderThread-1")).isEqualTo("broker");
        assertThat(ThreadGroups.ofJavaThread("kafka-1-raft-io-thread")).isEqualTo("broker");
        assertThat(ThreadGroups.ofJavaThread("hookstream-loop-dispatcher")).isEqualTo("dispatcher");
        assertThat(ThreadGroups.ofJavaThread("hookstream-run-index")).isEqualTo("dispatcher");
        assertThat(ThreadGroups.ofJavaThread("hookstream-run-list-1")).isEqualTo("dispatcher");
        assertThat(ThreadGroups.ofJavaThread(
                        "kafka-producer-network-thread | hookstream-dispatcher-loadtest-dispatcher"))
                .isEqualTo("dispatcher");
        assertThat(ThreadGroups.ofJavaThread("kafka-coordinator-heartbeat-thread | hookstream-dispatcher"))
                .isEqualTo("dispatcher");
        assertThat(ThreadGroups.ofJavaThread("hookstream-loop-worker-2")).isEqualTo("workers");
        assertThat(ThreadGroups.ofJavaThread("hookstream-claims-worker-0")).isEqualTo("workers");
        assertThat(ThreadGroups.ofJavaThread("hookstream-template-check-1")).isEqualTo("workers");
        assertThat(ThreadGroups.ofJavaThread("kafka-producer-network-thread | hookstream-worker-loadtest-worker-0-0"))
                .isEqualTo("workers");
        assertThat(ThreadGroups.ofJavaThread("kafka-coordinator-heartbeat-thread | hookstream-workers"))
                .isEqualTo("workers");
        assertThat(ThreadGroups.ofJavaThread("vert.x-eventloop-thread-3")).isEqualTo("vertx");
        assertThat(ThreadGroups.ofJavaThread("vertx-blocked-thread-checker")).isEqualTo("vertx");
    }

    @Test
    void theToolsThreadsAndTheBaselineRelaysAreApart() {
        assertThat(ThreadGroups.ofJavaThread("loadtest-collector")).isEqualTo("tool");
        assertThat(ThreadGroups.ofJavaThread("loadtest-action-server")).isEqualTo("tool");
        assertThat(ThreadGroups.ofJavaThread("main")).isEqualTo("tool");
        assertThat(ThreadGroups.ofJavaThread("kafka-producer-network-thread | loadtest-driver-hookstream"))
                .isEqualTo("tool");
        assertThat(ThreadGroups.ofJavaThread("loadtest-baseline-worker-3")).isEqualTo("baselineRelays");
        assertThat(ThreadGroups.ofJavaThread("kafka-producer-network-thread | loadtest-baseline-worker-3-producer"))
                .isEqualTo("baselineRelays");
        assertThat(ThreadGroups.ofJavaThread("Finalizer")).isEqualTo("otherThreads");
    }

    @Test
    void theJvmsOwnThreadsAreKnownByTheirProcNamesAndJavaThreadsAreNot() {
        assertThat(ThreadGroups.ofJvmThread("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadGroups.ofJvmThread("C1 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadGroups.ofJvmThread("GC Thread#1")).isEqualTo("gc");
        assertThat(ThreadGroups.ofJvmThread("G1 Conc#0")).isEqualTo("gc");
        assertThat(ThreadGroups.ofJvmThread("VM Thread")).isEqualTo("vm");
        assertThat(ThreadGroups.ofJvmThread("vert.x-eventloo")).isNull();
        assertThat(ThreadGroups.ofJvmThread("hookstream-loop")).isNull();
    }
}
