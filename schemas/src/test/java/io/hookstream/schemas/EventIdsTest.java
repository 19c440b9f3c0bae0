package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.EventIds;
import io.hookstream.schemas.event.HookEvent;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void aResultIdNamesItsHookAndIsParsedBack() {
        String hookId = EventIds.hookId("run-1", 2);

        assertThat(hookId).isEqualTo("run-1/2").isEqualTo(HookEvent.hookIdOf("run-1", 2));
        assertThat(EventIds.result(hookId)).isEqualTo("run-1/2#result");
        assertThat(EventIds.hookIdOfResult(EventIds.result(hookId))).contains(hookId);
    }

    @Test
    void idsThatAreNoResultIdsParseToNothing() {
        assertThat(EventIds.hookIdOfResult(null)).isEmpty();
        assertThat(EventIds.hookIdOfResult("#result")).isEmpty();
        assertThat(EventIds.hookIdOfResult(EventIds.outcome("run-1"))).isEmpty();
        assertThat(EventIds.hookIdOfResult(EventIds.cancel("run-1"))).isEmpty();
        assertThat(EventIds.hookIdOfResult("run-1/0")).isEmpty();
    }

    @Test
    void theRunsOtherEventsHaveIdsOfTheirOwn() {
        assertThat(EventIds.outcome("run-1")).isEqualTo("run-1#outcome");
        assertThat(EventIds.cancelRequest("run-1")).isEqualTo("run-1#cancel-request");
        assertThat(EventIds.cancel("run-1")).isEqualTo("run-1#cancel");
    }
}
