import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What each autoscaling signal shows while one long hook runs and many short ones finish above it
 * (docs/kubernetes.md, "Autoscaling"). Against a running dispatcher and worker(s) (scripts/autoscaling-signals.sh
 * starts a standalone): posts LONG_RUNS runs (default 1) whose hook sleeps LONG seconds, waits until they all run,
 * then posts SHORT runs whose hook returns at once, and every 5 s prints
 * <ul>
 *   <li>the lag KEDA's {@code kafka} scaler reads: per hook-topic partition, its end offset minus the workers'
 *       group's committed offset (the lowest unfinished hook), summed;</li>
 *   <li>the workers' gauges from /metrics: {@code hookstream_consumer_lag} (records not yet fetched),
 *       {@code hookstream_waiting}, {@code hookstream_in_flight};</li>
 *   <li>the replicas each ScaledObject would ask for: the old one max(2, ceil(lag / 64)), the new one
 *       max(2, ceil((waiting + in flight) / 64)), both capped at 12.</li>
 * </ul>
 * Run: {@code java -cp 'standalone/target/lib/*' scripts/AutoscalingSignals.java BOOTSTRAP BASE_URL LONG SHORT
 * [LONG_RUNS]}.
 */
public class AutoscalingSignals {

    static final String GROUP = "hookstream-workers";
    static final int TARGET = 64;
    static final AtomicInteger POSTED = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java -cp 'standalone/target/lib/*' scripts/AutoscalingSignals.java BOOTSTRAP"
                    + " BASE_URL LONG_SECONDS SHORT_RUNS [LONG_RUNS]  (scripts/autoscaling-signals.sh runs it)");
            System.exit(2);
        }
        String bootstrap = args[0];
        String base = args[1];
        int longSeconds = Integer.parseInt(args[2]);
        int shortRuns = Integer.parseInt(args[3]);
        int longRuns = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Duration interval = Duration.ofSeconds(5);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            long start = System.nanoTime();
            String longRun = null;
            for (int i = 0; i < longRuns; i++) {
                longRun = post(http, base, "long-" + i + "-" + start, Integer.toString(longSeconds));
            }
            System.out.printf("posted %d long run(s) (hook sleeps %d s)%n", longRuns, longSeconds);
            while (gauges(http, base).getOrDefault("hookstream_in_flight", 0.0) < longRuns) {
                Thread.sleep(200); // a measuring script, not a test: polls the worker until the long hook runs
            }
            System.out.printf("%n| t (s) | last long run | short runs posted | finished | KEDA kafka lag | hookstream_consumer_lag"
                    + " | hookstream_waiting | hookstream_in_flight | waiting + in flight | old ScaledObject"
                    + " (lag / 64) | new ScaledObject ((waiting + in flight) / 64) |%n");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            CompletableFuture<Integer> posting = CompletableFuture.supplyAsync(() -> postShort(http, base, shortRuns));
            boolean longDone = false;
            int tail = 3;
            while (tail > 0) {
                Map<String, Double> g = gauges(http, base);
                long lag = kedaLag(admin);
                double waiting = g.getOrDefault("hookstream_waiting", 0.0);
                double inFlight = g.getOrDefault("hookstream_in_flight", 0.0);
                String status = runStatus(http, base, longRun);
                longDone = longDone || !status.equals("Running");
                System.out.printf("| %d | %s | %d | %.0f | %d | %.0f | %.0f | %.0f | %.0f | %d | %d |%n",
                        Duration.ofNanos(System.nanoTime() - start).toSeconds(), status,
                        POSTED.get(),
                        g.getOrDefault("hookstream_hooks_finished_total", 0.0), lag,
                        g.getOrDefault("hookstream_consumer_lag", 0.0), waiting, inFlight, waiting + inFlight,
                        replicas(lag), replicas(waiting + inFlight));
                if (longDone && posting.isDone()) {
                    tail--;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }

    static int replicas(double value) {
        return (int) Math.min(12, Math.max(2, Math.ceil(value / TARGET)));
    }

    static long kedaLag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : admin.listTopics().names().get()) {
            if (topic.startsWith("hookstream.hooks.")) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset()); // offsetResetPolicy: earliest
        }
        return lag;
    }

    /** Worker gauges summed over the worker's loops (component="worker"), and hooks finished. */
    static Map<String, Double> gauges(HttpClient http, String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            String name = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            boolean worker = line.contains("component=\"worker\"");
            boolean finished = name.equals("hookstream_hooks_finished_total");
            if (worker || finished) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                out.merge(name, value, Double::sum);
            }
        }
        return out;
    }

    static String runStatus(HttpClient http, String base, String runId) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"")
                .matcher(body);
        return status.find() ? status.group(1) : "?";
    }

    static int postShort(HttpClient http, String base, int count) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        Semaphore window = new Semaphore(16);
        for (int i = 0; i < count; i++) {
            window.acquireUninterruptibly();
            inFlight.add(http.sendAsync(request(base, "short-" + i + "-" + System.nanoTime(), "0"),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (r != null && r.statusCode() == 202) {
                            POSTED.incrementAndGet();
                        }
                        window.release();
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        return count;
    }

    static String post(HttpClient http, String base, String runId, String seconds) throws Exception {
        HttpResponse<String> response = http.send(request(base, runId, seconds), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/runs: " + response.statusCode() + " " + response.body());
        }
        return runId;
    }

    static HttpRequest request(String base, String runId, String seconds) {
        String json = "{\"runId\":\"" + runId + "\",\"phase\":\"pre-backup\",\"session\":{\"name\":\"s\","
                + "\"namespace\":\"demo\",\"invoker\":{\"apiGroup\":\"core.kubestash.com\",\"kind\":"
                + "\"BackupConfiguration\",\"name\":\"b\"}},\"hooks\":[{\"name\":\"h\",\"hookTemplate\":{\"name\":"
                + "\"sleep-for\"},\"params\":{\"DURATION\":\"" + seconds + "\"},\"timeout\":\"10m\"}]}";
        return HttpRequest.newBuilder(URI.create(base + "/v1/runs")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
