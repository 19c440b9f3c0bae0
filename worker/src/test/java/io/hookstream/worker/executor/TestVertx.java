package io.hookstream.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x instance for tests whose blocked-thread checker records, instead of logging, every event-loop
 * thread held longer than {@link #MAX_EVENT_LOOP_MILLIS}; tests assert that none was. The threshold leaves room
 * for cold-start class loading on a busy two-core machine (about 0.5 s seen) while still catching an event loop
 * that waits for a process, a file or a socket (or, in the Pod executor's tests, a fabric8 call).
 */
public final class TestVertx implements AutoCloseable {

    public static final long MAX_EVENT_LOOP_MILLIS = 2_000;

    private final Vertx vertx;
    private final List<String> blockedEventLoops = new CopyOnWriteArrayList<>();

    private TestVertx() {
        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
            if (event.thread().getName().contains("eventloop")) {
                blockedEventLoops.add(event + " at " + stackOf(event.thread()));
            }
        });
    }

    private static String stackOf(Thread thread) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            stack.append("\n\tat ").append(frame);
        }
        return stack.toString();
    }

    public static TestVertx start() {
        return new TestVertx();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Waits for {@code future} from the test thread (never an event loop). */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete successfully", e);
        }
    }

    public void assertNoEventLoopBlocked() {
        assertThat(blockedEventLoops)
                .as("event-loop threads blocked longer than %d ms", MAX_EVENT_LOOP_MILLIS)
                .isEmpty();
    }

    @Override
    public void close() {
        await(vertx.close());
    }
}
