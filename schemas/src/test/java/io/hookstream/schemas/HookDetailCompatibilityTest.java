package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Results and outcomes written before hooks had their detail (history, targets in the view...) still read. */
class HookDetailCompatibilityTest {

    @Test
    void aResultWithoutHistoryReadsWithNoHistory() throws IOException {
        String old = "{\"hookId\":\"r/0\",\"runId\":\"r\",\"phase\":\"pre-backup\",\"hookIndex\":0,"
                + "\"status\":\"Succeeded\",\"attempts\":1,\"durationMs\":5,"
                + "\"targets\":[{\"name\":\"operator\",\"exitCode\":0}]}";

        HookResult result = Json.mapper().readValue(old, HookResult.class);

        assertThat(result.history()).isNull();
        assertThat(result.omittedAttempts()).isNull();
        assertThat(result.targets()).hasSize(1);
        assertThat(SchemaValidation.errors(SchemaResources.HOOK_RESULT, old)).isEmpty();
    }

    @Test
    void anOutcomeWithoutHookDetailReadsWithNoDetail() throws IOException {
        String old = "{\"runId\":\"r\",\"status\":\"Succeeded\",\"hooks\":[{\"index\":0,\"name\":\"a\","
                + "\"hookId\":\"r/0\",\"status\":\"Succeeded\",\"attempts\":1,\"durationMs\":5}]}";

        HookOutcome hook =
                Json.mapper().readValue(old, RunOutcome.class).hooks().get(0);

        assertThat(hook.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(hook.executor()).isNull();
        assertThat(hook.action()).isNull();
        assertThat(hook.dispatchedAt()).isNull();
        assertThat(hook.history()).isNull();
        assertThat(hook.targets()).isNull();
        assertThat(SchemaValidation.errors(SchemaResources.RUN_OUTCOME, old)).isEmpty();
    }

    @Test
    void aHookLineWithAFieldOfALaterVersionStillReads() throws IOException {
        String newer = "{\"runId\":\"r\",\"status\":\"Running\",\"hooks\":[{\"index\":0,\"status\":\"Running\","
                + "\"somethingLater\":{\"x\":1}}]}";

        assertThat(Json.mapper()
                        .readValue(newer, RunOutcome.class)
                        .hooks()
                        .get(0)
                        .status())
                .isEqualTo(HookStatus.Running);
    }
}
