package io.hookstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs {@link SampleTests} through the JUnit engine and checks what the extension did with its broker. */
class EmbeddedKafkaExtensionLifecycleIT {

    static final List<EmbeddedKafkaBroker> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void brokerIsSharedWithNestedClassesAndClosedWithItsDataWhenTheTestClassFinishes() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SampleTests.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));

        assertThat(SEEN).hasSize(2);
        EmbeddedKafkaBroker broker = SEEN.get(0);
        assertThat(SEEN.get(1)).isSameAs(broker);
        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.dataDir()).doesNotExist();
    }

    /** Not run by failsafe itself (a nested class); run by the test above. */
    @WithEmbeddedKafka
    static class SampleTests {

        @Test
        void recordsTheRunningBroker(EmbeddedKafkaBroker broker) {
            assertThat(broker.isRunning()).isTrue();
            SEEN.add(broker);
        }

        @Nested
        class Inner {
            @Test
            void recordsTheBrokerOfTheOuterClass(EmbeddedKafkaBroker broker) {
                assertThat(broker.isRunning()).isTrue();
                SEEN.add(broker);
            }
        }
    }
}
