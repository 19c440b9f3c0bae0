import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU of the worker's per-hook meters on a Prometheus registry: {@code built} builds and registers (finds) the
 * hooks.finished counter and hook.duration timer per hook, as WorkerMetrics did before; {@code kept} increments
 * meters built once, as it does now. Prints each round (the first rounds warm the JIT).
 * <p>{@code javac -cp "standalone/target/lib/*" -d /tmp scripts/MeterCost.java}
 * <p>{@code java -cp "/tmp:standalone/target/lib/*" MeterCost built|kept 500000}
 */
public class MeterCost {

    public static void main(String[] args) {
        boolean built = args[0].equals("built");
        int n = Integer.parseInt(args[1]);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter keptCounter = counter(registry);
        Timer keptTimer = timer(registry);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Duration duration = Duration.ofMillis(5);
        for (int round = 0; round < 5; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                (built ? counter(registry) : keptCounter).increment();
                (built ? timer(registry) : keptTimer).record(duration);
            }
            System.out.printf("%s round %d: %.2f us CPU per hook (%d)%n", args[0], round,
                    (mx.getCurrentThreadCpuTime() - cpu) / 1000.0 / n, n);
        }
    }

    private static Counter counter(PrometheusMeterRegistry registry) {
        return Counter.builder("hookstream.hooks.finished").description("hook executions finished")
                .tag("executor", "Operator").tag("status", "Succeeded").tag("reason", "").register(registry);
    }

    private static Timer timer(PrometheusMeterRegistry registry) {
        return Timer.builder("hookstream.hook.duration").description("time a hook took, retries included")
                .tag("executor", "Operator").tag("status", "Succeeded").publishPercentileHistogram()
                .register(registry);
    }
}
