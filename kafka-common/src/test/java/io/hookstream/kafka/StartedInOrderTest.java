package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartedInOrderTest {

    private final List<String> stopped = new ArrayList<>();
    private final StartedInOrder started = new StartedInOrder("test");

    private <T> T start(String what, T thing) {
        return started.add(what, thing, StartedInOrder.Stop.now(() -> stopped.add(what)));
    }

    /** The wiring pattern: steps in order; when one fails, what started before it stops, last first. */
    private String startThree(boolean thirdFails) throws Exception {
        try {
            start("client", new Object());
            start("runner", new Object());
            if (thirdFails) {
                throw new IllegalStateException("port 8081 in use");
            }
            start("http", new Object());
            return "started";
        } catch (IllegalStateException e) {
            started.stopAll().toCompletableFuture().get(5, TimeUnit.SECONDS);
            return "failed: " + e.getMessage();
        }
    }

    @Test
    void aFailedStepStopsWhatStartedBeforeItInReverseOrder() throws Exception {
        assertThat(startThree(true)).isEqualTo("failed: port 8081 in use");

        assertThat(stopped).containsExactly("runner", "client");
    }

    @Test
    void stopAllStopsEverythingLastFirstOnceEvenWhenCalledAgain() throws Exception {
        assertThat(startThree(false)).isEqualTo("started");
        assertThat(started.stopOrder()).containsExactly("http", "runner", "client");

        started.stopAll().toCompletableFuture().get(5, TimeUnit.SECONDS);
        started.stopAll().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stopped).containsExactly("http", "runner", "client");
    }

    @Test
    void aStopThatFailsOrThrowsDoesNotKeepTheOthersRunning() throws Exception {
        start("first", new Object());
        started.add("throws", new Object(), () -> {
            throw new java.io.IOException("cannot close");
        });
        started.add("fails later", new Object(), () -> CompletableFuture.failedFuture(new IllegalStateException()));
        start("last", new Object());

        started.stopAll().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stopped).containsExactly("last", "first");
    }

    @Test
    void eachStopWaitsForTheOneBeforeToFinish() throws Exception {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        start("first", new Object());
        started.add("slow", new Object(), () -> slow.thenRun(() -> stopped.add("slow")));

        CompletableFuture<Void> all = started.stopAll().toCompletableFuture();

        assertThat(stopped).isEmpty();
        assertThat(all).isNotDone();
        slow.complete(null);
        all.get(5, TimeUnit.SECONDS);
        assertThat(stopped).containsExactly("slow", "first");
    }
}
