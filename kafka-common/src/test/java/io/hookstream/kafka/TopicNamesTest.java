package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which topics each service provisions (and so lists, and needs Describe on) at start-up. */
class TopicNamesTest {

    private final TopicNames topics = new TopicNames("hs.");

    @Test
    void aWorkerProvisionsOnlyTheTopicsItUses() {
        assertThat(topics.ofWorker())
                .containsExactly(
                        "hs.hooks.pre-backup",
                        "hs.hooks.post-backup",
                        "hs.hooks.pre-restore",
                        "hs.hooks.post-restore",
                        "hs.results",
                        "hs.dlq",
                        "hs.claims",
                        "hs.cancels");
    }

    @Test
    void theDispatcherProvisionsEveryTopicButTheWorkersClaims() {
        assertThat(topics.ofDispatcher())
                .doesNotContain("hs.claims")
                .containsAll(topics.all().stream()
                        .filter(t -> !t.equals("hs.claims"))
                        .toList());
    }

    @Test
    void togetherTheyProvisionEveryTopic() {
        Set<String> both = new HashSet<>(topics.ofDispatcher());
        both.addAll(topics.ofWorker());
        assertThat(both).containsExactlyInAnyOrderElementsOf(topics.all());
    }
}
