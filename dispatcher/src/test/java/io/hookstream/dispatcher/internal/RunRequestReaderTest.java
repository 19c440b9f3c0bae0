package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.Phase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRequestReaderTest {

    private static final String REQUEST = """
            {"runId": "r-1", "phase": "pre-backup",
             "session": {"name": "s", "namespace": "demo", "invoker": {"kind": "BackupConfiguration", "name": "b"}},
             "hooks": [{"name": "h", "hookTemplate": {"name": "t"}, "params": {"A": "1", "N": 2}}]}""";

    @Test
    void plainJsonIsParsed() {
        var read = RunRequestReader.read(bytes(REQUEST), Map.of());

        assertThat(read).isInstanceOf(RunRequestReader.Parsed.class);
        var request = ((RunRequestReader.Parsed) read).request();
        assertThat(request.runId()).isEqualTo("r-1");
        assertThat(request.phase()).isEqualTo(Phase.PRE_BACKUP);
        assertThat(request.hooks().get(0).params()).containsEntry("N", 2);
    }

    @Test
    void cloudEventsBinaryModeTakesTheRunIdFromCeIdWhenTheBodyHasNone() {
        String body = REQUEST.replace("\"runId\": \"r-1\", ", "");

        var read = RunRequestReader.read(bytes(body), Map.of("ce_id", "evt-42", "ce_specversion", "1.0"));

        assertThat(((RunRequestReader.Parsed) read).request().runId()).isEqualTo("evt-42");
    }

    @Test
    void cloudEventsStructuredModeUnwrapsData() {
        String event = "{\"specversion\": \"1.0\", \"id\": \"evt-7\", \"type\": \"io.hookstream.run.requested\","
                + " \"source\": \"/o\", \"data\": " + REQUEST.replace("\"runId\": \"r-1\", ", "") + "}";

        var read = RunRequestReader.read(bytes(event), Map.of("content-type", "application/cloudevents+json"));

        assertThat(((RunRequestReader.Parsed) read).request().runId()).isEqualTo("evt-7");
    }

    @Test
    void bytesThatAreNoJsonObjectAreMalformed() {
        assertThat(RunRequestReader.read(new byte[] {(byte) 0xff, 0}, Map.of()))
                .isInstanceOf(RunRequestReader.Malformed.class);
        assertThat(RunRequestReader.read(bytes("[1]"), Map.of())).isInstanceOf(RunRequestReader.Malformed.class);
        assertThat(RunRequestReader.read(new byte[0], Map.of())).isInstanceOf(RunRequestReader.Malformed.class);
    }

    @Test
    void aJsonObjectThatDoesNotFitIsInvalidNamingTheField() {
        var unknown = RunRequestReader.read(
                bytes(REQUEST.replace("\"maxRetry\"", "x").replace("\"params\"", "\"parameters\"")), Map.of());
        var wrongPhase = RunRequestReader.read(bytes(REQUEST.replace("pre-backup", "during-backup")), Map.of());
        var wrongType = RunRequestReader.read(
                bytes(REQUEST.replace("\"hooks\": [", "\"hooks\": [{\"name\": \"x\"," + " \"maxRetry\": \"many\"}, ")),
                Map.of());

        assertThat(((RunRequestReader.Invalid) unknown).problem().field()).isEqualTo("hooks[0].parameters");
        assertThat(((RunRequestReader.Invalid) unknown).runId()).isEqualTo("r-1");
        assertThat(((RunRequestReader.Invalid) wrongPhase).problem().field()).isEqualTo("phase");
        assertThat(((RunRequestReader.Invalid) wrongPhase).problem().message()).contains("during-backup");
        assertThat(((RunRequestReader.Invalid) wrongType).problem().field()).isEqualTo("hooks[0].maxRetry");
    }

    @Test
    void aNullListEntryIsInvalidNamingTheEntry() {
        var topLevel = RunRequestReader.read(bytes(REQUEST.replace("\"hooks\": [", "\"hooks\": [null, ")), Map.of());
        var nested = RunRequestReader.read(
                bytes(REQUEST.replace("\"params\"", "\"variables\": [{\"name\": \"A\"}," + " null], \"params\"")),
                Map.of());

        assertThat(((RunRequestReader.Invalid) topLevel).problem().field()).isEqualTo("hooks[0]");
        assertThat(((RunRequestReader.Invalid) topLevel).problem().message()).startsWith("is null");
        assertThat(((RunRequestReader.Invalid) nested).problem().field()).isEqualTo("hooks[0].variables[1]");
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        var read = RunRequestReader.read(bytes("{\"runId\": \"r-1\",\n \"phase\": pre-backup}"), Map.of());

        assertThat(((RunRequestReader.Malformed) read).message()).startsWith("not JSON at line 2, column ");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
