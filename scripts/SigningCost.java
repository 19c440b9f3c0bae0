import io.hookstream.kafka.signing.internal.SignedContent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CPU of one hook event's HMAC (SignedContent.mac, as the dispatcher's signer and the worker's verifier call it)
 * over a 1 KiB value, without Kafka; prints each round (the first rounds warm the JIT).
 * <p>{@code javac -cp "standalone/target/lib/*" -d /tmp scripts/SigningCost.java}
 * <p>{@code java -cp "/tmp:standalone/target/lib/*" SigningCost 200000}
 */
public class SigningCost {

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        byte[] secret = new byte[32];
        byte[] key = "run-0000001".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[1024];
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "run-0000001/0".getBytes(StandardCharsets.UTF_8));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += SignedContent.mac(secret, "hookstream.hooks.pre-backup", key, value, headers, "k1",
                        Long.toString(i))[0];
            }
            System.out.printf("round %d: %.2f us CPU per mac (%d)%n", round,
                    (mx.getCurrentThreadCpuTime() - cpu) / 1000.0 / n, n);
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
