import io.hookstream.loadtest.internal.HookTemplates;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.templates.render.RenderContext;
import io.hookstream.worker.internal.templates.FileTemplateLookup;
import io.hookstream.worker.internal.templates.TemplateGuard;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * CPU of the worker's template check per hook event, without Kafka: FileTemplateLookup.find + TemplateGuard.problem
 * over the load test's templates, as the worker's check pool runs them. {@code tcp}: the loadtest-tcp template, a
 * new session per event; {@code echo}: loadtest-echo with a new PAYLOAD per event (every render is new). Prints the
 * CPU per check of each round (the events are built before the round's clock starts; the first rounds warm
 * the JIT).
 * <p>{@code javac -cp "standalone/target/lib/*" -d /tmp scripts/TemplateCheckCost.java}
 * <p>{@code java -cp "/tmp:standalone/target/lib/*" TemplateCheckCost tcp|echo 200000}
 */
public class TemplateCheckCost {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("template-check-cost");
        HookTemplates.write(dir, 9999);
        Vertx vertx = Vertx.vertx();
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("template-check-cost", 1);
        FileTemplateLookup lookup = new FileTemplateLookup(vertx, dir, Duration.ofHours(1), pool);
        String ns = HookTemplates.NAMESPACE;
        String name = kind.equals("tcp") ? "loadtest-tcp" : "loadtest-echo";
        HookTemplate template = lookup.find(ns, name, ns).template();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            HookEvent[] events = new HookEvent[n];
            for (int i = 0; i < n; i++) {
                SessionSummary session = new SessionSummary("session-" + round + "-" + i, ns,
                        new ObjectReference("core.kubestash.com", "BackupConfiguration", ns, "db"), null, null);
                Map<String, String> params = kind.equals("tcp") ? Map.of()
                        : Map.of(HookTemplates.PAYLOAD_PARAM, "payload-" + round + "-" + i);
                events[i] = new HookEvent("r/0", "r", Phase.PRE_BACKUP, 0, 1, "h", new TemplateRef(name, ns),
                        session, template.spec().executor(),
                        ActionRenderer.render(template.spec().action(), new RenderContext(session, params)), params,
                        0, "30s", Instant.now(), null, null, null, null, null);
            }
            long cpu = mx.getCurrentThreadCpuTime();
            for (HookEvent event : events) {
                String problem = TemplateGuard.problem(event, lookup.find(ns, name, ns));
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
            }
            System.out.printf("%s round %d: %.2f us CPU per check (%d checks)%n", kind, round,
                    (mx.getCurrentThreadCpuTime() - cpu) / 1000.0 / n, n);
        }
        lookup.close();
        vertx.close();
    }
}
