import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console's runs page load time with many runs listed: submits RUNS run requests (the body of REQUEST_FILE, a
 * fresh run id each) to a dispatcher at URL, waits until the run list holds them all and none is Running, then
 * loads /ui/#/runs ROUNDS times in a fresh headless Chromium tab and prints, per round, DOMContentLoaded and the
 * page's own User Timing mark "hookstream:runs-listed" (the first page of runs and the counts drawn), in ms since
 * navigation start. Driven by scripts/console-page-load.sh.
 */
public class ConsolePageLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int runs = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String body = Files.readString(Path.of(args[3]));
        HttpClient http = HttpClient.newHttpClient();
        long before = total(http, url);
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            String request = body.replaceFirst("\\{", "{\"runId\": \"page-load-" + t0 + "-" + i + "\", ");
            inFlight.acquire();
            sent.add(http.sendAsync(
                            HttpRequest.newBuilder(URI.create(url + "/v1/runs"))
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(request))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        System.out.printf("submitted %d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
        while (total(http, url) < before + runs || running(http, url) > 0) {
            Thread.sleep(500);
        }
        System.out.printf("all %d runs finished and listed after %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);

        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("chromium", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800");
        ChromeDriver driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"))
                                .toFile())
                        .build(),
                options);
        List<Double> listed = new ArrayList<>();
        try {
            System.out.println("| round | DOMContentLoaded ms | runs listed ms | rows | total |");
            System.out.println("|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                driver.get("about:blank");
                driver.get(url + "/ui/#/runs");
                JavascriptExecutor js = driver;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                Object mark = null;
                while (mark == null && System.nanoTime() < deadline) {
                    mark = js.executeScript("const m = performance.getEntriesByName('hookstream:runs-listed');"
                            + " return m.length ? m[0].startTime : null;");
                    if (mark == null) {
                        Thread.sleep(20);
                    }
                }
                if (mark == null) {
                    throw new IllegalStateException("the runs page did not list runs within 30 s");
                }
                Object dcl = js.executeScript(
                        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;");
                Object rows = js.executeScript("return document.querySelectorAll('#run-rows tr[data-run-id]').length;");
                Object shown = js.executeScript("return document.querySelector('#counts b').textContent;");
                double ms = ((Number) mark).doubleValue();
                listed.add(ms);
                System.out.printf("| %d | %.0f | %.0f | %s | %s |%n", round, ((Number) dcl).doubleValue(), ms, rows, shown);
            }
        } finally {
            driver.quit();
        }
        Collections.sort(listed);
        System.out.printf("runs listed: median %.0f ms, min %.0f, max %.0f (%d rounds)%n",
                listed.get(listed.size() / 2), listed.get(0), listed.get(listed.size() - 1), listed.size());
    }

    private static long total(HttpClient http, String url) throws Exception {
        return number(list(http, url), "\"total\"\\s*:\\s*(\\d+)");
    }

    private static long running(HttpClient http, String url) throws Exception {
        return number(list(http, url), "\"Running\"\\s*:\\s*(\\d+)");
    }

    private static String list(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/v1/runs?limit=1")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static long number(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
