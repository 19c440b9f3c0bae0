package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why a pod is not ready, and the NoPodMatched message built from it. */
class NoPodMessageTest {

    private static final String WAITED = "waited 1m, executor.pod.waitTimeout";

    private static PodBuilder pod(String name, String phase, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .addNewContainerStatus()
                .withName("app")
                .withReady(ready)
                .endContainerStatus()
                .endStatus();
    }

    private static String why(Pod pod) {
        return PodReadiness.whyNotReady(pod, null);
    }

    @Test
    void saysWhyAPodIsNotReadyInAWordOrTwo() {
        assertThat(why(pod("a", "Running", true)
                        .editMetadata()
                        .withDeletionTimestamp("2026-12-06T06:00:00Z")
                        .endMetadata()
                        .build()))
                .isEqualTo("Terminating");
        assertThat(why(pod("a", "Failed", false)
                        .editStatus()
                        .withReason("Evicted")
                        .endStatus()
                        .build()))
                .isEqualTo("Failed (Evicted)");
        assertThat(why(pod("a", "Pending", false)
                        .editStatus()
                        .editFirstContainerStatus()
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ImagePullBackOff")
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build()))
                .isEqualTo("Pending (ImagePullBackOff)");
        assertThat(why(pod("a", "Running", false)
                        .editStatus()
                        .editFirstContainerStatus()
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason("ContainersNotReady")
                        .endCondition()
                        .endStatus()
                        .build()))
                .isEqualTo("CrashLoopBackOff");
        assertThat(why(pod("a", "Running", false)
                        .editStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason("ContainersNotReady")
                        .endCondition()
                        .endStatus()
                        .build()))
                .isEqualTo("ContainersNotReady");
        assertThat(why(pod("a", "Running", false).build())).isEqualTo("container 'app' not ready");
        assertThat(why(pod("a", "Pending", false).withStatus(null).build())).isEqualTo("Unknown");
        assertThat(PodReadiness.whyNotReady(pod("a", "Running", true).build(), "db"))
                .isEqualTo("no container 'db'");
    }

    @Test
    void onlyPodsBeingDeletedOrFinishedCannotBecomeReady() {
        assertThat(PodReadiness.cannotBecomeReady(pod("a", "Succeeded", false).build()))
                .isTrue();
        assertThat(PodReadiness.cannotBecomeReady(pod("a", "Failed", false).build()))
                .isTrue();
        assertThat(PodReadiness.cannotBecomeReady(pod("a", "Running", true)
                        .editMetadata()
                        .withDeletionTimestamp("2026-12-06T06:00:00Z")
                        .endMetadata()
                        .build()))
                .isTrue();
        assertThat(PodReadiness.cannotBecomeReady(pod("a", "Pending", false).build()))
                .isFalse();
        assertThat(PodReadiness.cannotBecomeReady(pod("a", "Running", false).build()))
                .isFalse();
    }

    @Test
    void countsWithoutAPodListWhenNoPodMatches() {
        assertThat(NoPodMessage.counts(new PodSelection(List.of(), List.of(), 0, null), null))
                .isEqualTo("0 pods match, 0 ready");
    }

    @Test
    void namesTheOwnerWhenItKeptNoPod() {
        PodSelection selection = new PodSelection(List.of(), List.of(), 1, null);

        String message = NoPodMessage.of(
                selection,
                new Selector("app=db", List.of()),
                new OwnerReference("apps/v1", "StatefulSet", "db", "uid-1", true, null),
                "shop",
                null,
                null,
                WAITED);

        assertThat(message)
                .isEqualTo("executor.pod.selector 'app=db' found 1 pod(s) in namespace shop, but none is"
                        + " owned by executor.pod.owner StatefulSet/db (uid uid-1) (waited 1m, executor.pod.waitTimeout):"
                        + " check the owner's kind, name and uid");
    }

    @Test
    void listsFivePodsThenCountsTheRestAndSaysWhatExecuteOnAllNeeds() {
        List<Pod> owned = new ArrayList<>();
        Pod ready = pod("web-0", "Running", true).build();
        owned.add(ready);
        for (int i = 1; i <= 7; i++) {
            owned.add(pod("web-" + i, "Pending", false).build());
        }
        PodSelection selection = new PodSelection(List.of(ready), owned, 8, null);

        String message = NoPodMessage.of(
                selection,
                new Selector("app=web", List.of()),
                null,
                "shop",
                "app",
                PodHookExecutorStrategy.ExecuteOnAll,
                WAITED);

        assertThat(message)
                .startsWith("executor.pod.selector 'app=web' in namespace shop: 8 pods match, 1 ready:"
                        + " web-1 Pending, web-2 Pending, web-3 Pending, web-4 Pending, web-5 Pending, … 2 more"
                        + " (waited 1m, executor.pod.waitTimeout); ExecuteOnAll needs every matching pod Running, not being"
                        + " deleted, with container 'app' ready");
        assertThat(selection.enoughFor(PodHookExecutorStrategy.ExecuteOnAll)).isFalse();
        assertThat(selection.enoughFor(PodHookExecutorStrategy.ExecuteOnOne)).isTrue();
    }
}
