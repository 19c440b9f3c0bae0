package io.hookstream.dispatcher.kubernetes.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunDocument;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunNames;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HookRunDocumentTest {

    private static final Pattern DNS_1123 =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @Test
    void aShortLowerCaseRunIdIsItsOwnNameAndAnyOtherGetsAHashSoNoTwoRunsShareOne() {
        assertThat(HookRunNames.of("demo.backup-1.pre-backup")).isEqualTo("demo.backup-1.pre-backup");
        List<String> ids = List.of(
                "Demo.Backup_1:pre",
                "demo.backup-1:pre",
                "demo.backup-1_pre",
                "-._x_.-",
                "a".repeat(200),
                "a".repeat(199) + "b",
                "x..y",
                "4f1c0d2e-8c1b-4e0f-9d51-0c0ffee00001");
        List<String> names = ids.stream().map(HookRunNames::of).toList();
        assertThat(names).doesNotHaveDuplicates().allSatisfy(name -> {
            assertThat(name).hasSizeLessThanOrEqualTo(63);
            assertThat(DNS_1123.matcher(name).matches()).as(name).isTrue();
        });
        assertThat(HookRunNames.of("Demo.Backup_1:pre")).startsWith("demo.backup-1-pre-");
    }

    @Test
    void labelValuesAreCutTo63CharactersWithAnAlphanumericEnd() {
        assertThat(HookRunNames.labelValue("backup-1")).isEqualTo("backup-1");
        String label = HookRunNames.labelValue("a".repeat(62) + "-bcd");
        assertThat(label).hasSize(62).matches("[a-z]+");
    }

    @Test
    void statusesAreMirroredByNameSoAStatusNewerThanThisCodeStillReadsAndCountsAsFinal() {
        Map<String, Object> running = HookRunDocument.status(MirrorFixtures.view(
                "r",
                "s",
                RunStatus.Running,
                null,
                Instant.now(),
                MirrorFixtures.hook(0, "a", HookStatus.Succeeded),
                MirrorFixtures.hook(1, "b", HookStatus.Running)));
        Map<String, Object> cancelled = Map.of(
                "status", "Cancelled", "hooks", List.of(Map.of("status", "Succeeded"), Map.of("status", "Cancelled")));

        assertThat(running).containsEntry("progress", "1/2");
        assertThat(HookRunDocument.rank(cancelled)).isGreaterThan(HookRunDocument.rank(running));
        assertThat(HookRunDocument.rank(running)).isEqualTo(3);
    }

    @Test
    void aLongOutputKeepsItsEndAndAFailedRunsConditionNamesItsReason() {
        String output = "x".repeat(2000) + "the last line";
        Map<String, Object> status = HookRunDocument.status(MirrorFixtures.view(
                "r",
                "s",
                RunStatus.Failed,
                "HookFailed",
                Instant.now(),
                MirrorFixtures.hook(0, "a", HookStatus.Failed, "NonZeroExit", output)));

        @SuppressWarnings("unchecked")
        Map<String, Object> hook = ((List<Map<String, Object>>) status.get("hooks")).get(0);
        assertThat((String) hook.get("output")).hasSize(512).startsWith("...").endsWith("the last line");
        @SuppressWarnings("unchecked")
        Map<String, Object> condition = ((List<Map<String, Object>>) status.get("conditions")).get(0);
        assertThat(condition)
                .containsEntry("type", "Failed")
                .containsEntry("status", "True")
                .containsEntry("reason", "HookFailed");
    }
}
