package io.hookstream.worker.executor;

import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.worker.executor.internal.ProcessSpawner;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A worker stand-in for {@code ExecGuardIT}: runs one exec hook through the real {@link OperatorExecutor} and
 * {@link HookRunner} — a shell with a child, a grandchild and a second child, all sleeping 300 s — prints
 * {@code PIDS <pid>...} once all four have written their pids to the file {@code args[0]}, and waits to be killed.
 * With {@code args[1] = plain} the exec guard is off (a spawner that finds no tools), as on a platform without
 * util-linux. With {@code args[1] = burst} it hands out {@link #BURST_HOOKS} hooks at once instead, each a shell
 * with two sleeping children that writes its pid to the file, and prints {@code BURST} once {@link #BURST_RUNNING}
 * of them run, while the spawner is still starting the others.
 */
public final class ExecGuardMain {

    static final String SCRIPT = "echo $$ >> \"$PIDS\"; sh -c 'sleep 300 & echo $! >> \"$PIDS\"; wait' &"
            + " echo $! >> \"$PIDS\"; sleep 300 & echo $! >> \"$PIDS\"; wait";
    static final int PIDS = 4;
    static final String BURST_SCRIPT = "echo $$ >> \"$PIDS\"; sleep 300 & sleep 300";
    static final int BURST_HOOKS = 200;
    static final int BURST_RUNNING = 8;

    private ExecGuardMain() {}

    public static void main(String[] args) throws Exception {
        Path pids = Path.of(args[0]);
        boolean plain = args.length > 1 && args[1].equals("plain");
        Vertx vertx = Vertx.vertx();
        ExecutorOptions options = ExecutorOptions.defaults();
        OperatorExecutor executor = plain
                ? new OperatorExecutor(
                        vertx, options, "operator/guard", System.getenv(), new ProcessSpawner(List.of(), 1))
                : new OperatorExecutor(vertx, options, "operator/guard", System.getenv());
        HookRunner runner = new HookRunner(vertx, Map.of(ExecutorType.Operator, executor), options);
        if (args.length > 1 && args[1].equals("burst")) {
            burst(runner, pids);
            return;
        }
        runner.start(hook("guard-run/0", SCRIPT, pids));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> Pids.read(pids).size() == PIDS);
        System.out.println(
                "PIDS " + Pids.read(pids).stream().map(String::valueOf).collect(Collectors.joining(" ")));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Hands out all hooks at once and says BURST while the spawner is still starting them; waits to be killed. */
    private static void burst(HookRunner runner, Path pids) throws Exception {
        for (int i = 0; i < BURST_HOOKS; i++) {
            runner.start(hook("guard-run/" + i, BURST_SCRIPT, pids));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> Pids.read(pids).size() >= BURST_RUNNING);
        System.out.println("BURST");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static Execution hook(String id, String script, Path pids) {
        return new Execution(
                "guard-run",
                id,
                "guard",
                null,
                new HookExecutor(ExecutorType.Operator, null, null),
                new HookAction(new ExecAction(List.of("sh", "-c", script)), null, null, null, null),
                Map.of("PIDS", pids.toString()),
                Duration.ofMinutes(10),
                0,
                null,
                null,
                null,
                null);
    }
}
