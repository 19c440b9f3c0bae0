package io.hookstream.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Whether a consuming loop of this process died: every {@link TransactionalLoop} of a process is watched here
 * (one instance per process; the standalone shares one between its dispatcher and workers), so that the health
 * endpoints can answer 503 naming the dead loop and the process can stop and exit non-zero for its supervisor to
 * restart it. Meters: {@code hookstream.loop.up{component,loop}} (1, 0 once the loop failed) and
 * {@code hookstream.loop.failures{component,loop}}. It logs nothing: the loop logged the cause when it stopped.
 */
public final class LoopWatch {

    /** Exit code of a worker, dispatcher or standalone process that stopped because one of its loops died. */
    public static final int EXIT_LOOP_FAILED = 3;

    private static final int MAX_MESSAGE = 300;

    /** A loop that stopped on an error it could not handle. */
    public record Failure(String component, String loop, Throwable cause) {

        /** For health answers: the loop, its cause's class and the first line of its message; no stack trace. */
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("component", component);
            out.put("loop", loop);
            out.put("cause", cause == null ? null : cause.getClass().getName());
            out.put("message", message());
            return out;
        }

        /** One line for a log: which loop and why, without a stack trace. */
        public String summary() {
            return component + " loop " + loop + " died: "
                    + (cause == null
                            ? "unknown cause"
                            : cause.getClass().getSimpleName() + (message() == null ? "" : ": " + message()));
        }

        private String message() {
            String text = cause == null ? null : cause.getMessage();
            if (text == null) {
                return null;
            }
            String line = text.lines().findFirst().orElse("");
            return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
        }
    }

    private final MeterRegistry registry;
    private final CompletableFuture<Failure> first = new CompletableFuture<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    /** Strong references: a gauge holds its state object weakly. */
    private final List<AtomicInteger> upStates = new CopyOnWriteArrayList<>();

    public LoopWatch(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Watches {@code loop} (already started) from now on; a loop that failed already is reported at once. */
    public void watch(String component, String loopName, TransactionalLoop loop) {
        watch(component, loopName, loop.failed());
    }

    /**
     * Watches another loop of the process (e.g. a worker's watch of the cancels topic) by the stage that completes
     * with its cause when it dies.
     */
    public void watch(String component, String loopName, CompletionStage<Throwable> failed) {
        AtomicInteger up = new AtomicInteger(1);
        upStates.add(up);
        Gauge.builder("hookstream.loop.up", up, AtomicInteger::get)
                .description("1 while the consuming loop runs or stopped in order, 0 once it died on an error")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Counter died = Counter.builder("hookstream.loop.failures")
                .description("consuming loops that stopped on an error they could not handle")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        // runs on the loop's thread as it stops (or here, if it failed already): cheap, never blocks
        failed.thenAccept(cause -> {
            up.set(0);
            died.increment();
            Failure failure = new Failure(component, loopName, cause);
            failures.add(failure);
            first.complete(failure);
        });
    }

    /** The first loop failure of this process, if any. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(first.getNow(null));
    }

    /** Completes with the first loop failure of this process; never completes while every loop is healthy. */
    public CompletionStage<Failure> failed() {
        return first;
    }

    /**
     * Makes the first loop failure end the process: one log line (the loop logged the cause with its stack trace
     * already), then {@code System.exit(}{@value #EXIT_LOOP_FAILED}{@code )} from a thread of its own, so that the
     * process's shutdown hooks stop it in order, as on SIGTERM (the other loops drain within the shutdown timeout),
     * and its supervisor (Kubernetes, compose {@code restart:}, systemd) starts it again.
     */
    public void exitProcessOnFailure(String process) {
        first.thenAccept(failure -> {
            Thread exit = new Thread(
                    () -> {
                        LoggerFactory.getLogger(LoopWatch.class)
                                .error(
                                        "{}: {}; stopping in order and exiting with"
                                                + " code {} for a supervisor to restart it",
                                        process,
                                        failure.summary(),
                                        EXIT_LOOP_FAILED);
                        System.exit(EXIT_LOOP_FAILED);
                    },
                    "hookstream-loop-failed-exit");
            exit.start();
        });
    }

    /** Every loop failure so far, in order. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }
}
