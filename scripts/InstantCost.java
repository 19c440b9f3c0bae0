import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * CPU of writing and reading a hook result (two timestamps) through the contract mapper ("now": Json.mapper(), its
 * Instants through UtcInstants) and through the same mapper without that module ("jsr310": JavaTimeModule's
 * DateTimeFormatter path, as before); prints each round (the first rounds warm the JIT).
 * <p>{@code javac -cp "standalone/target/lib/*" -d /tmp scripts/InstantCost.java}
 * <p>{@code java -cp "/tmp:standalone/target/lib/*" InstantCost now|jsr310 200000}
 */
public class InstantCost {

    /** A tcp hook's result as the load test's workers write it. */
    private static final String RESULT = "{\"hookId\":\"lt-000042/0\",\"runId\":\"lt-000042\",\"phase\":\"pre-backup\","
            + "\"hookIndex\":0,\"hookName\":\"tcp\",\"template\":{\"name\":\"loadtest-tcp\",\"namespace\":\"default\"},"
            + "\"invoker\":{\"apiGroup\":\"core.kubestash.com\",\"kind\":\"BackupConfiguration\",\"namespace\":\"default\","
            + "\"name\":\"loadtest\"},\"executorType\":\"Operator\",\"status\":\"Succeeded\",\"attempts\":1,"
            + "\"startedAt\":\"2026-12-06T15:04:05.123Z\",\"finishedAt\":\"2026-12-06T15:04:05.127456Z\",\"durationMs\":4,"
            + "\"targets\":[]}";

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = args[0].equals("now")
                ? Json.mapper()
                : JsonMapper.builder()
                        .addModule(new JavaTimeModule())
                        .addModule(new BlackbirdModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .build();
        int n = Integer.parseInt(args[1]);
        HookResult result = mapper.readValue(RESULT, HookResult.class);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                HookResult copy = mapper.readValue(mapper.writeValueAsBytes(result), HookResult.class);
                sink += copy.startedAt().getNano();
            }
            System.out.printf("round %d: %.2f us CPU per write + read of a hook result (%d)%n", round,
                    (mx.getCurrentThreadCpuTime() - cpu) / 1000.0 / n, n);
        }
        Instant now = Instant.parse("2026-12-06T15:04:05.123456Z");
        System.out.println(sink == 42 ? "" : "done " + now);
    }
}
