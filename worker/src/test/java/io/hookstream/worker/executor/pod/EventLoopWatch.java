package io.hookstream.worker.executor.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x instance whose blocked-thread checker records every event-loop thread held longer than
 * {@link #MAX_EVENT_LOOP_MILLIS} (as the executor package's TestVertx does), so that the Pod executor's tests
 * can assert that no fabric8 call ran on an event loop.
 */
final class EventLoopWatch {

    static final long MAX_EVENT_LOOP_MILLIS = 2_000;

    private final Vertx vertx;
    private final List<String> blocked = new CopyOnWriteArrayList<>();

    EventLoopWatch() {
        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
            if (event.thread().getName().contains("eventloop")) {
                blocked.add(event.toString());
            }
        });
    }

    Vertx vertx() {
        return vertx;
    }

    void assertNoEventLoopBlocked() {
        assertThat(blocked).as("event-loop threads blocked longer than %d ms", MAX_EVENT_LOOP_MILLIS).isEmpty();
    }
}
