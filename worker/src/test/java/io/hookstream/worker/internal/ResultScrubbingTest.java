package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.event.TargetResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultScrubbingTest {

    @Test
    void secretValuesAreMaskedInEveryTextOfATargetIncludingAValueCutByTheTail() {
        var scrubber = SecretParams.defaults().scrubberFor(Map.of("API_TOKEN", "tok-12345", "HOST", "db.internal"));
        TargetResult target = new TargetResult(
                "pod-tok-12345",
                1,
                null,
                "…2345 then tok-12345 at db.internal",
                "denied tok-12345",
                "exec tok-12345 failed");

        TargetResult scrubbed =
                HookEventProcessor.scrubbed(List.of(target), scrubber).get(0);

        assertThat(scrubbed.name()).isEqualTo("pod-***");
        assertThat(scrubbed.exitCode()).isEqualTo(1);
        assertThat(scrubbed.stdout()).isEqualTo("…*** then *** at db.internal");
        assertThat(scrubbed.stderr()).isEqualTo("denied ***");
        assertThat(scrubbed.error()).isEqualTo("exec *** failed");
    }

    @Test
    void withoutSecretParamsTargetsAreUnchanged() {
        var scrubber = SecretParams.defaults().scrubberFor(Map.of("HOST", "db.internal"));
        List<TargetResult> targets = List.of(new TargetResult("t", 0, null, "db.internal", null, null));

        assertThat(HookEventProcessor.scrubbed(targets, scrubber)).isSameAs(targets);
    }
}
