package io.hookstream.kafka;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service started, in the order it started it, stopped in the reverse order: by the service's stop, and by
 * its start when a later step fails (so that a failed start leaves nothing running). A stop that fails is logged
 * and the next one still runs.
 */
public final class StartedInOrder {

    private static final Logger LOG = LoggerFactory.getLogger(StartedInOrder.class);

    /** How one started thing stops; it may finish later. */
    @FunctionalInterface
    public interface Stop {
        CompletionStage<?> stop() throws Exception;

        /** A stop that is done when it returns. */
        static Stop now(AutoCloseable close) {
            return () -> {
                close.close();
                return CompletableFuture.completedFuture(null);
            };
        }
    }

    private record Started(String what, Stop stop) {}

    private final String service;
    private final Deque<Started> started = new ArrayDeque<>();

    /** @param service names the service in the log lines of a failed stop */
    public StartedInOrder(String service) {
        this.service = service;
    }

    /** Records that {@code thing} has started and how it stops; returns it. */
    public synchronized <T> T add(String what, T thing, Stop stop) {
        started.push(new Started(what, stop));
        return thing;
    }

    /** What has started, last first (the order of {@link #stopAll()}). */
    public synchronized java.util.List<String> stopOrder() {
        return started.stream().map(Started::what).toList();
    }

    /**
     * Stops everything started, last first, each after the one before has finished; completes once all are
     * stopped (never exceptionally: failures are logged). Stopping again stops nothing.
     */
    public CompletionStage<Void> stopAll() {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        Started next;
        while ((next = poll()) != null) {
            Started current = next;
            chain = chain.thenCompose(v -> stopOne(current));
        }
        return chain;
    }

    private synchronized Started poll() {
        return started.poll();
    }

    private CompletionStage<Void> stopOne(Started current) {
        CompletionStage<?> stopped;
        try {
            stopped = current.stop().stop();
        } catch (Exception e) {
            stopped = CompletableFuture.failedFuture(e);
        }
        return stopped.handle((ok, failure) -> {
            if (failure != null) {
                LOG.warn("{}: stopping {} failed: {}", service, current.what(), failure.toString());
            }
            return null;
        });
    }
}
