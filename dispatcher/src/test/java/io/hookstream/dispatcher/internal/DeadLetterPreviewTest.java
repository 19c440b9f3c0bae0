package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.DeadLetterReplayCommand;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of GET /v1/dead-letters: the value preview, the paging cursor, the replay command. */
class DeadLetterPreviewTest {

    private static final SecretParams SECRETS = SecretParams.defaults();

    @Test
    void aJsonValueIsShownAsTextWithSecretParamsMaskedWhereverTheyOccur() {
        String value = "{\"hookId\":\"h-1\",\"params\":{\"DB\":\"orders\",\"DB_PASSWORD\":\"hunter22\"},"
                + "\"action\":{\"exec\":{\"command\":[\"mysqldump\",\"-phunter22\",\"orders\"]}}}";

        DeadLetterPreview preview = DeadLetterPreview.of(value.getBytes(StandardCharsets.UTF_8), SECRETS);

        assertThat(preview.encoding()).isEqualTo("utf-8");
        assertThat(preview.truncated()).isFalse();
        assertThat(preview.text())
                .doesNotContain("hunter22")
                .contains("\"DB_PASSWORD\":\"***\"", "\"-p***\"", "\"DB\":\"orders\"");
    }

    @Test
    void textThatIsNoJsonHasQuotedSecretPairsMasked() {
        String value = "{\"params\": {\"API_TOKEN\": \"tok-123456\", \"DB\": \"orders\"";

        DeadLetterPreview preview = DeadLetterPreview.of(value.getBytes(StandardCharsets.UTF_8), SECRETS);

        assertThat(preview.text()).doesNotContain("tok-123456").contains("\"API_TOKEN\":\"***\"", "\"DB\": \"orders\"");
    }

    @Test
    void aLongValueIsCutAtTwoKibibytesWithoutSplittingACharacter() {
        String value = "é".repeat(3000); // 2 bytes each: 6000 bytes

        DeadLetterPreview preview = DeadLetterPreview.of(value.getBytes(StandardCharsets.UTF_8), SECRETS);

        assertThat(preview.truncated()).isTrue();
        assertThat(preview.text()).isEqualTo("é".repeat(1024));
        assertThat(DeadLetterPreview.cutToBytes("a😀b", 4)).isEqualTo("a");
    }

    @Test
    void bytesThatAreNoUtf8AreShownAsAShortBase64Prefix() {
        byte[] value = new byte[100];
        value[0] = (byte) 0xff;
        value[1] = (byte) 0xfe;

        DeadLetterPreview preview = DeadLetterPreview.of(value, SECRETS);

        assertThat(preview.encoding()).isEqualTo("binary");
        assertThat(preview.text()).isNull();
        assertThat(Base64.getDecoder().decode(preview.base64())).hasSize(DeadLetterPreview.BASE64_BYTES);
        assertThat(preview.truncated()).isTrue();
        assertThat(preview.view())
                .containsKeys("encoding", "base64Prefix", "truncated")
                .doesNotContainKey("text");
        assertThat(DeadLetterPreview.of(new byte[0], SECRETS).encoding()).isEqualTo("empty");
        assertThat(DeadLetterPreview.of(null, SECRETS).encoding()).isEqualTo("empty");
    }

    @Test
    void theCursorRoundTripsAndRefusesAnythingElseNamingBefore() {
        DeadLetterCursor cursor = new DeadLetterCursor(Map.of(0, 12L, 3, 40L));

        DeadLetterCursor read = DeadLetterCursor.decode(cursor.encode());

        assertThat(read.bounds()).isEqualTo(Map.of(0, 12L, 3, 40L));
        assertThat(read.bound(3, 100)).isEqualTo(40);
        assertThat(read.bound(3, 20)).isEqualTo(20);
        assertThat(read.bound(1, 77))
                .as("a partition the cursor does not name is read from its end")
                .isEqualTo(77);
        assertThat(cursor.encode()).doesNotContain("=", "+", "/");
        assertThatThrownBy(() -> DeadLetterCursor.decode("not-a-cursor"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("before: 'not-a-cursor' is not a cursor");
        String negative = Base64.getUrlEncoder().encodeToString("v1:0=-1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DeadLetterCursor.decode(negative)).hasMessageStartingWith("before:");
    }

    @Test
    void theReplayCommandNamesTheDeadLetterItsTimeAndANonDefaultPrefix() {
        assertThat(DeadLetterReplayCommand.render(TopicNames.defaults(), 2, 41, 1_700_000_000_123L))
                .isEqualTo("hookstream dlq replay --since 2023-11-14T22:13:20.123Z --filter id=hookstream.dlq-2-41");
        assertThat(DeadLetterReplayCommand.render(new TopicNames("team-a."), 0, 7, 1_700_000_000_000L))
                .isEqualTo("hookstream dlq replay --topic-prefix team-a. --since 2023-11-14T22:13:20Z"
                        + " --filter id=team-a.dlq-0-7");
    }

    @Test
    void limitAndPartitionAreCheckedByName() {
        assertThat(DeadLetterEndpoint.limit(null)).isEqualTo(50);
        assertThat(DeadLetterEndpoint.limit("200")).isEqualTo(200);
        assertThatThrownBy(() -> DeadLetterEndpoint.limit("201")).hasMessageStartingWith("limit: '201'");
        assertThatThrownBy(() -> DeadLetterEndpoint.limit("0")).hasMessageStartingWith("limit:");
        assertThat(DeadLetterEndpoint.partition("")).isNull();
        assertThatThrownBy(() -> DeadLetterEndpoint.partition("-1")).hasMessageStartingWith("partition: '-1'");
        assertThatThrownBy(() -> DeadLetterEndpoint.partition("x")).hasMessageStartingWith("partition:");
    }
}
