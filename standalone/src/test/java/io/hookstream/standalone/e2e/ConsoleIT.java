package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real headless Chromium against a dispatcher and workers on the embedded broker, with API
 * tokens on: signing in (a wrong token is refused), the runs page live without a reload, filters and counts, a
 * failed hook's output, hook output that looks like HTML shown as text, the Cancel button, templates, dead letters
 * and health, at 1280×800 and at a phone's width. Each page is saved as a screenshot (docs/console.md shows them).
 * Every wait ignores exceptions: the live pages redraw, so an element found may be gone when it is read.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

    private static final String TOKEN = "console-it-token-7f3a";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);
    private static final String XSS = "<img src=x onerror=alert(1)>";

    private Hookstream hookstream;
    private Browser browser;
    private String ui;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, Map.of("api-tokens", TOKEN), "console.yaml");
        browser = Browser.start();
        ui = "http://127.0.0.1:" + hookstream.httpPort() + "/ui/";
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        hookstream.close();
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneOpensTheRunsPage() {
        browser.open(ui);
        browser.script("sessionStorage.clear()");
        browser.open(ui + "#/runs");
        awaitVisible("#signin-form");
        browser.find("#token").sendKeys("not-the-token");
        browser.find("#signin-submit").click();

        Awaitility.await("the refusal")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.find("#signin-error").getText().contains("refused"));
        assertThat(browser.find("#main").isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('hookstream.token')"))
                .as("a refused token is not kept")
                .isNull();
        browser.screenshot("sign-in-refused");

        browser.find("#token").clear();
        browser.find("#token").sendKeys(TOKEN);
        browser.find("#signin-submit").click();
        awaitVisible("#runs-table");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(TOKEN);
    }

    @Test
    void aNewRunIsListedWithinASecondOfItsOutcomeWithoutAReload() {
        openSignedIn("#/runs");
        awaitLive();
        browser.script("window.__sameDocument = 'yes'");
        String runId = submit(
                Requests.preBackup("shop").hook("hello", "say", "demo", Map.of("TEXT", "hello"), null, null, null),
                "live");

        JsonNode outcome = hookstream.awaitOutcome(runId);
        long seen = System.nanoTime();
        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        Awaitility.await("the run listed as Succeeded")
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> "Succeeded".equals(rowStatus(runId)));
        long ms = (System.nanoTime() - seen) / 1_000_000;
        assertThat(browser.script("return window.__sameDocument"))
                .as("the page was not reloaded")
                .isEqualTo("yes");
        System.out.printf("ConsoleIT: run %s listed %d ms after its outcome was read from the runs topic%n", runId, ms);
        browser.screenshot("runs");
    }

    @Test
    void filtersShowOnlyTheMatchingRunsAndCountsPerStatus() {
        String tag = "flt" + Long.toString(System.nanoTime(), 36);
        String ok = submit(
                Requests.preBackup("billing").hook("hello", "say", "demo", Map.of("TEXT", "ok"), null, null, null),
                tag + "-ok");
        String bad = submit(
                Requests.preBackup("billing").hook("flush", "fail", "demo", Map.of(), null, null, null), tag + "-bad");
        hookstream.awaitOutcome(ok);
        hookstream.awaitOutcome(bad);

        openSignedIn("#/runs?runId=" + tag);
        Awaitility.await("both runs listed")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> rowIds().containsAll(List.of(ok, bad)));
        Awaitility.await("the counts per status")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() ->
                        browser.find("#counts [data-status=Failed] b").getText().equals("1")
                                && browser.find("#counts [data-status=Succeeded] b")
                                        .getText()
                                        .equals("1")
                                && browser.find("#counts [data-status=Running] b")
                                        .getText()
                                        .equals("0"));
        assertThat(browser.find("tr[data-run-id='" + bad + "']").getAttribute("class"))
                .as("a failed run stands out")
                .contains("failed");

        org.openqa.selenium.support.ui.Select status =
                new org.openqa.selenium.support.ui.Select(browser.find("#filter-status"));
        status.selectByValue("Failed");
        Awaitility.await("only the failed run")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> rowIds().equals(List.of(bad)));
        assertThat(browser.driver.getCurrentUrl()).contains("status=Failed").contains("runId=" + tag);
        browser.screenshot("runs-filtered");

        openSignedIn("#/runs?namespace=nowhere&runId=" + tag);
        Awaitility.await("no run in another namespace")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.find("#run-rows").getText().contains("No run matches"));
    }

    @Test
    void aFailedHooksOutputIsShownOnItsRunPage() {
        String runId =
                submit(Requests.preBackup("shop").hook("flush", "fail", "demo", Map.of(), null, null, null), "failed");
        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Failed");

        openSignedIn("#/runs/" + runId);
        Awaitility.await("the failed hook's stderr")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.all("li[data-hook=flush] pre.stderr").stream()
                        .anyMatch(pre -> pre.getText().contains("disk quota exceeded on /backup")));
        WebElement hook = browser.find("li[data-hook=flush]");
        assertThat(hook.getAttribute("data-status")).isEqualTo("Failed");
        assertThat(hook.findElement(org.openqa.selenium.By.cssSelector("pre.stdout"))
                        .getText())
                .contains("flushing tables");
        assertThat(browser.find("#outcome").getText()).contains("Failed");
        browser.script(
                "arguments[0].scrollIntoView({block: 'center'})", browser.find("li[data-hook=flush] pre.stderr"));
        browser.screenshot("run-failed");
    }

    @Test
    void hookOutputThatLooksLikeHtmlIsShownAsTextAndRunsNoScript() {
        String runId = submit(
                Requests.preBackup("shop").hook("html", "say", "demo", Map.of("TEXT", XSS), null, null, null), "xss");
        hookstream.awaitOutcome(runId);

        openSignedIn("#/runs/" + runId);
        Awaitility.await("the hook's details open")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> {
                    WebElement details = browser.find("li[data-hook=html] details");
                    if (details.getAttribute("open") == null) {
                        details.findElement(org.openqa.selenium.By.tagName("summary"))
                                .click();
                    }
                    return browser.find("li[data-hook=html] details").getAttribute("open") != null;
                });
        Awaitility.await("the output, as characters")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.all("li[data-hook=html] pre.stdout").stream()
                        .anyMatch(pre -> pre.getText().contains(XSS)));
        assertThat(browser.all("#main img"))
                .as("no img element was made from the output")
                .isEmpty();
        assertThat(alertOpen()).as("no script ran").isFalse();
        browser.screenshot("run-output-as-text");
    }

    @Test
    void theCancelButtonAsksForConfirmationAndCancelsTheRun() {
        String runId = submit(
                Requests.preBackup("shop").hook("nap", "nap", "demo", Map.of("NAP", "300"), null, null, null),
                "cancel");
        openSignedIn("#/runs/" + runId);
        awaitVisible("#cancel");
        browser.find("#cancel").click();
        awaitVisible("#cancel-dialog");
        browser.find("#cancel-reason").sendKeys("maintenance window closed");
        browser.screenshot("run-cancel");
        browser.find("#cancel-confirm").click();

        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
        assertThat(outcome.get("cancellation").get("requestedBy").asText()).isEqualTo("console");
        Awaitility.await("the page shows Cancelled")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.find("#run-id")
                        .findElement(org.openqa.selenium.By.xpath(".."))
                        .getText()
                        .contains("Cancelled"));
    }

    @Test
    void theTemplatesPageShowsWhatIsLoadedAndLoadProblemsWithFileAndLine() throws Exception {
        Files.writeString(
                hookstream.templates.resolve("broken.yaml"),
                "apiVersion: core.kubestash.com/v1alpha1\nkind: HookTemplate\nmetadata: {name: broken, namespace: demo}\n"
                        + "spec:\n  action: {exec: {command: []}}\n  executor: {type: Operator}\n",
                StandardCharsets.UTF_8);
        Awaitility.await("the templates and the load problem")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    browser.open(ui + "#/runs");
                    openSignedIn("#/templates");
                    return browser.all("#load-problems").stream()
                            .anyMatch(problems -> problems.getText().contains("broken.yaml:"));
                });
        assertThat(browser.find("#templates-table").getText()).contains("say", "fail", "nap", "TEXT");
        browser.screenshot("templates");
        Files.delete(hookstream.templates.resolve("broken.yaml"));
    }

    @Test
    void theDeadLettersPageShowsTheReasonAndTheReplayCommand() {
        PlainKafka.produce(
                hookstream.bootstrap(),
                hookstream.topics.requests(),
                "garbage-1",
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of());
        Awaitility.await("the dead letter listed")
                .atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> {
                    openSignedIn("#/dead-letters");
                    return browser.all("article.letter").stream()
                            .anyMatch(letter -> letter.getText().contains("{not json"));
                });
        WebElement letter = browser.all("article.letter").stream()
                .filter(l -> l.getText().contains("{not json"))
                .findFirst()
                .orElseThrow();
        assertThat(letter.getText()).contains("hookstream dlq");
        browser.screenshot("dead-letters");
    }

    @Test
    void theHealthPageShowsTheGroupsAndTheHookRate() {
        String runId = submit(
                Requests.preBackup("shop").hook("hello", "say", "demo", Map.of("TEXT", "rate"), null, null, null),
                "rate");
        hookstream.awaitOutcome(runId);
        openSignedIn("#/health");
        Awaitility.await("the groups and the chart")
                .atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> browser.find("#groups").getText().contains("hookstream-dispatcher")
                        && browser.find("#groups").getText().contains("hookstream-workers")
                        && browser.all("#groups .group")
                                        .get(1)
                                        .findElements(org.openqa.selenium.By.cssSelector("tbody tr"))
                                        .size()
                                == 2
                        && !browser.all("#activity svg rect").isEmpty());
        assertThat(browser.find("#health-status").getText()).contains("ready");
        browser.screenshot("health");
    }

    @Test
    void thePagesFitAPhonesWidth() {
        String runId =
                submit(Requests.preBackup("shop").hook("flush", "fail", "demo", Map.of(), null, null, null), "phone");
        hookstream.awaitOutcome(runId);
        try {
            browser.size(390, 844);
            openSignedIn("#/runs");
            Awaitility.await("the run listed")
                    .atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .until(() -> rowIds().contains(runId));
            assertFitsTheWidth();
            browser.screenshot("runs-phone");
            openSignedIn("#/runs/" + runId);
            awaitVisible("li[data-hook=flush] pre.stderr");
            assertFitsTheWidth();
            browser.screenshot("run-phone");
        } finally {
            browser.size(1280, 800);
        }
    }

    // --- helpers

    private String submit(Requests request, String hint) {
        var json = request.json();
        String runId = Hookstream.newRunId(hint);
        json.put("runId", runId);
        HttpResponse<String> response = hookstream.post("/v1/runs", json.toString(), merged());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return runId;
    }

    private static Map<String, String> merged() {
        return Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/json");
    }

    /** Opens a page of the console, signing in first when the tab holds no token. */
    private void openSignedIn(String fragment) {
        browser.open(ui + fragment);
        Awaitility.await("the page or the sign-in form")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.find("#signin").isDisplayed()
                        || !browser.find("#main").getText().equals("Loading…"));
        if (browser.find("#signin").isDisplayed()) {
            browser.find("#token").clear();
            browser.find("#token").sendKeys(TOKEN);
            browser.find("#signin-submit").click();
            Awaitility.await("signed in")
                    .atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .until(() -> !browser.find("#signin").isDisplayed());
        }
    }

    private void awaitVisible(String css) {
        Awaitility.await(css)
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> browser.find(css).isDisplayed());
    }

    private void awaitLive() {
        Awaitility.await("the live stream")
                .atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> browser.find("#live").getAttribute("class").contains("on"));
    }

    private String rowStatus(String runId) {
        List<WebElement> rows = browser.all("tr[data-run-id='" + runId + "']");
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-status");
    }

    private List<String> rowIds() {
        return browser.all("#run-rows tr[data-run-id]").stream()
                .map(row -> row.getAttribute("data-run-id"))
                .toList();
    }

    private boolean alertOpen() {
        try {
            browser.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    private void assertFitsTheWidth() {
        Object overflow =
                browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Object wide =
                browser.script("const w = document.documentElement.clientWidth; return [...document.querySelectorAll"
                        + "('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.scroll'))"
                        + ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' +"
                        + " Math.round(e.getBoundingClientRect().right)).join(', ')");
        assertThat(((Number) overflow).intValue())
                .as("horizontal overflow of the page, px; wider than the page: " + wide)
                .isLessThanOrEqualTo(0);
        assertThat(browser.find("#nav").isDisplayed()).isTrue();
    }
}
