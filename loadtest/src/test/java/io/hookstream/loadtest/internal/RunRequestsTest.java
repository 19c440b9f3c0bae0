package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.loadtest.Action;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.RunRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunRequestsTest {

    private static RunRequest read(byte[] json) throws Exception {
        return Json.mapper().readValue(json, RunRequest.class);
    }

    @Test
    void everyHttpHookCarriesItsOwnHookIdAsTheDispatcherMakesIt() throws Exception {
        RunRequests requests = new RunRequests(Action.HTTP, 2, Duration.ofSeconds(30), 64, 1);

        RunRequest request = read(requests.request("lt-a-0000003"));

        assertThat(request.runId()).isEqualTo("lt-a-0000003");
        assertThat(request.hooks()).hasSize(2);
        assertThat(request.hooks().get(0).params()).containsEntry(HookTemplates.HOOK_ID_PARAM, "lt-a-0000003/0");
        assertThat(request.hooks().get(1).params()).containsEntry(HookTemplates.HOOK_ID_PARAM, "lt-a-0000003/1");
        assertThat(new RunIds("lt-a-", 10, 2).hookIndex("lt-a-0000003/1")).isEqualTo(7);
    }

    @Test
    void tcpHooksCarryNoParams() throws Exception {
        RunRequest request =
                read(new RunRequests(Action.TCP, 1, Duration.ofSeconds(30), 64, 1).request("lt-a-0000000"));

        assertThat(request.hooks().get(0).params()).isNull();
    }
}
