import io.hookstream.worker.executor.internal.ProcessSpawner;
import java.io.File;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Starts {@code true} N times through the worker's ProcessSpawner, 16 at once: {@code guarded} (the shared spawner,
 * with setpriv/setsid and the reaper where the machine has them) or {@code plain} (a spawner that finds no tools).
 * Measures the cost of the exec guard without Kafka (docs/benchmarks.md). After {@code ./hookstream --help} built
 * the jar:
 *
 * <pre>
 * CP="standalone/target/lib/*"; javac -d /tmp -cp "$CP" scripts/SpawnerCost.java
 * /usr/bin/time -f "cpu user %U s, sys %S s" java -cp "/tmp:$CP" SpawnerCost guarded 2000
 * </pre>
 */
public final class SpawnerCost {

    private SpawnerCost() {
    }

    public static void main(String[] args) throws Exception {
        ProcessSpawner spawner = args[0].equals("guarded") ? ProcessSpawner.shared()
                : new ProcessSpawner(List.of(), 4);
        int starts = Integer.parseInt(args[1]);
        spawner.guard(); // the probe is not part of the figure
        Semaphore inFlight = new Semaphore(16);
        CountDownLatch done = new CountDownLatch(starts);
        long began = System.nanoTime();
        for (int i = 0; i < starts; i++) {
            inFlight.acquire();
            ProcessBuilder builder = new ProcessBuilder("true").redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            spawner.start(builder).thenAccept(process -> process.onExit().thenRun(() -> {
                inFlight.release();
                done.countDown();
            }));
        }
        done.await();
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("%s: %d processes in %.2f s = %.1f/s%n", args[0], starts, seconds, starts / seconds);
        // the reaper is re-parented when this JVM exits, so its CPU is not in /usr/bin/time's figure
        ProcessHandle.current().children().filter(child -> child.info().command().orElse("").endsWith("sh"))
                .forEach(child -> System.out.println("reaper pid " + child.pid() + " cpu "
                        + child.info().totalCpuDuration().orElse(null)));
        System.exit(0);
    }
}
