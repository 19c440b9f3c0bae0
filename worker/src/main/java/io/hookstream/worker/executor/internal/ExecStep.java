package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code action.exec}: runs the command as argv (no shell) in a fresh directory with a clean environment and
 * stdin at end of input. Preparing the directory and reading the output happen on the bounded exec pool, the
 * start itself on the {@link ProcessSpawner}'s threads (guarded so that the process cannot outlive the JVM);
 * while the process runs no thread waits for it ({@link Process#onExit()} and a timer). On the deadline, or
 * when the attempt is aborted, the whole process tree (and process group) gets SIGTERM, then SIGKILL after the
 * grace period, and the step ends once none of it runs any more.
 */
public final class ExecStep implements Step {

    private static final File NO_INPUT = new File("/dev/null");
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 500;

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final ProcessSpawner spawner;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int maxOutputBytes;
    private final Duration killGracePeriod;
    private final ExecPolicy policy;

    /** @param policy which programs may start (checked on the exec pool, right before starting); null: any */
    public ExecStep(
            Vertx vertx,
            WorkerExecutor pool,
            ProcessSpawner spawner,
            List<String> command,
            Map<String, String> environment,
            int maxOutputBytes,
            Duration killGracePeriod,
            ExecPolicy policy) {
        this.policy = policy;
        this.vertx = vertx;
        this.pool = pool;
        this.spawner = spawner;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.maxOutputBytes = maxOutputBytes;
        this.killGracePeriod = killGracePeriod;
    }

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    public Future<StepOutcome> run(Deadline deadline, AbortSignal abort) {
        Context context = vertx.getOrCreateContext();
        return pool.executeBlocking(this::prepare, false).compose(prepared -> {
            if (prepared.refusal() != null) {
                return Future.succeededFuture(prepared.refusal());
            }
            if (abort.aborted()) {
                return pool.executeBlocking(
                        () -> {
                            prepared.directory().delete();
                            return StepOutcome.aborted(abort, "action.exec did not start");
                        },
                        false);
            }
            return Future.fromCompletionStage(spawner.start(prepared.builder()), context)
                    .transform(started -> {
                        if (started.succeeded()) {
                            return new Supervision(context, started.result(), prepared.directory(), deadline, abort)
                                    .start();
                        }
                        return pool.executeBlocking(
                                () -> {
                                    prepared.directory().delete();
                                    return notStarted(started.cause());
                                },
                                false);
                    });
        });
    }

    /** The directory and the process builder, or why nothing may start. */
    private Prepared prepare() throws IOException {
        List<String> admitted;
        try {
            admitted = policy == null ? command : policy.admit(command);
        } catch (ExecPolicy.NotAllowedException e) {
            return new Prepared(null, null, StepOutcome.failed(Reasons.EXEC_NOT_ALLOWED, e.getMessage()));
        }
        AttemptDirectory directory = AttemptDirectory.create();
        ProcessBuilder builder = new ProcessBuilder(admitted)
                .directory(directory.work().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)) // a command that reads stdin must not hang
                .redirectOutput(directory.stdout().toFile())
                .redirectError(directory.stderr().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new Prepared(builder, directory, null);
    }

    private StepOutcome notStarted(Throwable cause) {
        if (cause instanceof IOException) {
            return StepOutcome.failed(
                    Reasons.EXEC_FAILED,
                    "action.exec: cannot start " + command.get(0) + ": " + cause.getMessage()
                            + "; check that the program exists in the worker's image and is executable");
        }
        throw new IllegalStateException("starting " + command.get(0) + " failed", cause);
    }

    private record Prepared(ProcessBuilder builder, AttemptDirectory directory, StepOutcome refusal) {}

    /** Why a running process was stopped. */
    private enum Stop {
        TIMEOUT,
        ABORT
    }

    /** Watches one started process until it has exited and its output is read. Runs on one context. */
    private final class Supervision {

        private final Context context;
        private final Process process;
        private final AttemptDirectory directory;
        private final Deadline deadline;
        private final AbortSignal abort;
        private volatile Stop stoppedBy;
        private volatile boolean forced;
        private Future<Void> stopped;

        Supervision(
                Context context, Process process, AttemptDirectory directory, Deadline deadline, AbortSignal abort) {
            this.context = context;
            this.process = process;
            this.directory = directory;
            this.deadline = deadline;
            this.abort = abort;
        }

        Future<StepOutcome> start() {
            Future<Process> exited = Future.fromCompletionStage(process.onExit(), context);
            long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> stop(Stop.TIMEOUT));
            abort.onAbort(() -> context.runOnContext(ignored -> stop(Stop.ABORT)));
            return exited.compose(ignored -> {
                        vertx.cancelTimer(timer);
                        return stopped != null ? stopped : Future.<Void>succeededFuture();
                    })
                    .compose(ignored -> pool.executeBlocking(this::collect, false));
        }

        /** SIGTERM to the tree, SIGKILL after the grace period; completes once nothing of it runs. */
        private void stop(Stop why) {
            if (stopped != null || !process.isAlive()) {
                return;
            }
            stoppedBy = why;
            long group = spawner.groups() ? process.pid() : 0;
            stopped = pool.executeBlocking(
                            () -> {
                                ProcessTree tree = ProcessTree.snapshot(process.toHandle(), group);
                                tree.terminate();
                                return tree;
                            },
                            false)
                    .compose(tree -> awaitExit(tree, System.nanoTime() + killGracePeriod.toNanos(), FIRST_POLL_MILLIS)
                            .compose(exited ->
                                    exited ? Future.succeededFuture() : killUntilGone(tree, FIRST_POLL_MILLIS)));
        }

        /** True once the tree has exited, false when {@code endNanos} passes first. */
        private Future<Boolean> awaitExit(ProcessTree tree, long endNanos, long pollMillis) {
            return pool.executeBlocking(tree::exited, false).compose(exited -> {
                long left = (endNanos - System.nanoTime()) / 1_000_000;
                if (exited || left <= 0) {
                    return Future.succeededFuture(exited);
                }
                return later(Math.min(pollMillis, left))
                        .compose(ignored -> awaitExit(tree, endNanos, Math.min(MAX_POLL_MILLIS, pollMillis * 2)));
            });
        }

        /** SIGKILL to whatever of the tree runs, again until nothing does (a process may fork as it is killed). */
        private Future<Void> killUntilGone(ProcessTree tree, long pollMillis) {
            forced = true;
            return pool.executeBlocking(tree::kill, false)
                    .compose(signalled -> signalled == 0
                            ? Future.succeededFuture()
                            : later(pollMillis)
                                    .compose(
                                            ignored -> killUntilGone(tree, Math.min(MAX_POLL_MILLIS, pollMillis * 2))));
        }

        private Future<Void> later(long millis) {
            Promise<Void> done = Promise.promise();
            vertx.setTimer(Math.max(1, millis), id -> done.complete());
            return done.future();
        }

        private StepOutcome collect() throws IOException {
            try {
                int code = process.exitValue();
                String stdout = OutputTail.read(directory.stdout(), maxOutputBytes);
                String stderr = OutputTail.read(directory.stderr(), maxOutputBytes);
                StepOutcome outcome;
                if (stoppedBy == Stop.TIMEOUT) {
                    outcome = StepOutcome.timedOut("action.exec did not finish within the " + deadline.describe()
                            + " timeout; the process and its children were terminated (raise the hook's timeout"
                            + " if it needs longer)");
                } else if (stoppedBy == Stop.ABORT) {
                    outcome = StepOutcome.aborted(
                            abort,
                            "action.exec was stopped: its processes got SIGTERM"
                                    + (forced
                                            ? ", then SIGKILL after the " + GoDuration.format(killGracePeriod)
                                                    + " grace period,"
                                            : "")
                                    + " and have exited");
                } else if (code != 0) {
                    outcome =
                            StepOutcome.failed(Reasons.NON_ZERO_EXIT, "action.exec: command exited with code " + code);
                } else {
                    outcome = StepOutcome.success();
                }
                return outcome.withProcessOutput(code, stdout, stderr);
            } finally {
                directory.delete();
            }
        }
    }
}
