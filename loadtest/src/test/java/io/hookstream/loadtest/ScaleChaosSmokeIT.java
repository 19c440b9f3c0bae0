package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --chaos scale} on a short run with worker JVMs and the http action: worker JVMs are added, removed with
 * SIGTERM and replaced while hooks are in flight, and the tool reports what its server saw per hook id.
 *
 * <p>It checks the instrument (its figures agree with each other and with the exit code) and the product: with the
 * workers' claims (docs/delivery.md) scaling alone loses no hook and starts no action twice.
 */
class ScaleChaosSmokeIT {

    @Test
    @Timeout(300)
    void workerJvmsComeAndGoAndEveryInvocationIsAccountedForByHookId(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestCommand command = new LoadTestCommand(new PrintStream(out, true), new PrintStream(err, true));

        int exit = new CommandLine(command)
                .execute(
                        "--embedded",
                        "--worker-processes",
                        "2",
                        "--workers",
                        "1",
                        "--hooks",
                        "400",
                        "--rate",
                        "20",
                        "--action",
                        "http",
                        "--action-delay",
                        "1s",
                        "--chaos",
                        "scale",
                        "--chaos-interval",
                        "2s",
                        "--chaos-max-workers",
                        "3",
                        "--drain-timeout",
                        "20s",
                        "--settle",
                        "5s",
                        "--timeout",
                        "240s",
                        "--json",
                        json.toString());

        JsonNode summary = Json.mapper().readTree(json.toFile());
        JsonNode chaos = summary.get("chaos");
        assertThat(chaos.get("added").asInt()
                        + chaos.get("removed").asInt()
                        + chaos.get("rolled").asInt()
                        + chaos.get("rollsNotReady").asInt())
                .as("scale events; stderr:%n%s", err)
                .isPositive();
        assertThat(chaos.get("kills").asInt()).isZero();
        assertThat(chaos.get("fewestWorkers").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(chaos.get("mostWorkers").asInt()).isLessThanOrEqualTo(3);
        assertThat(err.toString()).contains("[chaos]");
        assertThat(summary.get("settings").get("partitions").asInt()).isEqualTo(6);

        assertThat(summary.get("results").asLong() + summary.get("lost").asLong())
                .isEqualTo(400);
        assertThat(summary.get("duplicated").asLong()).isZero();
        JsonNode byHook = summary.get("actionsByHook");
        long startedTwice = summary.get("actionsStartedTwice").asLong();
        long overlapping = summary.get("actionsOverlapping").asLong();
        assertThat(byHook.get("unidentified").asLong()).isZero();
        assertThat(byHook.get("stillRunning").asLong()).isZero();
        assertThat(byHook.get("hooksInvoked").asLong())
                .isGreaterThanOrEqualTo(summary.get("results").asLong());
        assertThat(summary.get("actionInvocations").asLong())
                .isEqualTo(byHook.get("hooksInvoked").asLong()
                        + byHook.get("extraInvocations").asLong());
        assertThat(overlapping).isLessThanOrEqualTo(startedTwice);
        assertThat(startedTwice > 0).isEqualTo(byHook.get("extraInvocations").asLong() > 0);
        // the workers' claims (docs/delivery.md): under scaling alone nothing is lost and no action starts twice
        assertThat(summary.get("lost").asLong()).as("lost; stdout:%n%s", out).isZero();
        assertThat(startedTwice)
                .as("hooks whose action started twice; stdout:%n%s", out)
                .isZero();
        assertThat(overlapping).isZero();
        assertThat(exit).as("exit code of a clean run; stdout:%n%s", out).isZero();
        assertThat(out.toString())
                .contains("actions        started twice " + startedTwice + " hooks")
                .contains("overlapping " + overlapping);
    }
}
