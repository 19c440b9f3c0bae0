package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.Reasons;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code action.exec}: runs the command as argv (no shell) in a fresh directory with a clean environment.
 * Starting the process and reading its output happen on the bounded exec pool; while the process runs no
 * thread waits for it ({@link Process#onExit()} and a timer). On the deadline the whole process tree gets
 * SIGTERM, then SIGKILL after the grace period.
 */
public final class ExecStep implements Step {

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int maxOutputBytes;
    private final Duration killGracePeriod;
    private final ExecPolicy policy;

    public ExecStep(Vertx vertx, WorkerExecutor pool, List<String> command, Map<String, String> environment,
                    int maxOutputBytes, Duration killGracePeriod) {
        this(vertx, pool, command, environment, maxOutputBytes, killGracePeriod, null);
    }

    /** @param policy which programs may start (checked on the exec pool, right before starting); null: any */
    public ExecStep(Vertx vertx, WorkerExecutor pool, List<String> command, Map<String, String> environment,
                    int maxOutputBytes, Duration killGracePeriod, ExecPolicy policy) {
        this.policy = policy;
        this.vertx = vertx;
        this.pool = pool;
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
    public Future<StepOutcome> run(Deadline deadline) {
        Context context = vertx.getOrCreateContext();
        return pool.executeBlocking(this::launch, false).compose(launch -> launch.process() == null
                ? Future.succeededFuture(StepOutcome.failed(launch.reason(), launch.error()))
                : new Supervision(context, launch.process(), launch.directory(), deadline).start());
    }

    private Launch launch() throws IOException {
        List<String> admitted;
        try {
            admitted = policy == null ? command : policy.admit(command);
        } catch (ExecPolicy.NotAllowedException e) {
            return new Launch(null, null, Reasons.EXEC_NOT_ALLOWED, e.getMessage());
        }
        AttemptDirectory directory = AttemptDirectory.create();
        ProcessBuilder builder = new ProcessBuilder(admitted)
                .directory(directory.work().toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(directory.stdout().toFile())
                .redirectError(directory.stderr().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            directory.delete();
            return new Launch(null, null, Reasons.EXEC_FAILED, "action.exec: cannot start " + command.get(0) + ": " + e.getMessage()
                    + "; check that the program exists in the worker's image and is executable");
        }
        try {
            process.getOutputStream().close(); // stdin at EOF: a command that reads stdin must not hang
        } catch (IOException ignored) {
            // the process may already have exited; its outcome is what counts
        }
        return new Launch(process, directory, null, null);
    }

    private record Launch(Process process, AttemptDirectory directory, String reason, String error) {
    }

    /** Watches one started process until it has exited and its output is read. Runs on one context. */
    private final class Supervision {

        private final Context context;
        private final Process process;
        private final AttemptDirectory directory;
        private final Deadline deadline;
        private volatile Future<Void> killed;

        Supervision(Context context, Process process, AttemptDirectory directory, Deadline deadline) {
            this.context = context;
            this.process = process;
            this.directory = directory;
            this.deadline = deadline;
        }

        Future<StepOutcome> start() {
            Future<Process> exited = Future.fromCompletionStage(process.onExit(), context);
            long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> onDeadline());
            return exited
                    .compose(ignored -> {
                        vertx.cancelTimer(timer);
                        return killed != null ? killed.otherwiseEmpty() : Future.<Void>succeededFuture();
                    })
                    .compose(ignored -> pool.executeBlocking(this::collect, false));
        }

        private void onDeadline() {
            if (!process.isAlive() || killed != null) {
                return;
            }
            killed = pool.executeBlocking(() -> {
                ProcessTree tree = ProcessTree.snapshot(process.toHandle());
                tree.terminate();
                return tree;
            }, false).compose(this::killAfterGracePeriod);
        }

        /** Completes when the whole tree has exited after SIGTERM, or once SIGKILL is sent to what is left. */
        private Future<Void> killAfterGracePeriod(ProcessTree tree) {
            Promise<Void> done = Promise.promise();
            long grace = vertx.setTimer(Math.max(1, killGracePeriod.toMillis()), id -> pool.<Void>executeBlocking(() -> {
                tree.kill();
                return null;
            }, false).onComplete(done));
            Future.fromCompletionStage(tree.onExit(), context).onSuccess(ignored -> {
                vertx.cancelTimer(grace);
                done.tryComplete();
            });
            return done.future();
        }

        private StepOutcome collect() throws IOException {
            try {
                int code = process.exitValue();
                String stdout = OutputTail.read(directory.stdout(), maxOutputBytes);
                String stderr = OutputTail.read(directory.stderr(), maxOutputBytes);
                StepOutcome outcome;
                if (killed != null) {
                    outcome = StepOutcome.timedOut("action.exec did not finish within the " + deadline.describe()
                            + " timeout; the process and its children were terminated (raise the hook's timeout"
                            + " if it needs longer)");
                } else if (code != 0) {
                    outcome = StepOutcome.failed(Reasons.NON_ZERO_EXIT, "action.exec: command exited with code "
                            + code);
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
