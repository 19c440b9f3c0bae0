package io.hookstream.kafka.internal.claims;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ClaimKeyTest {

    @Test
    void aKeyReadsBackAsTheRecordItNames() {
        ClaimKey key = new ClaimKey(new TopicPartition("hookstream.hooks.pre-backup", 11), 123_456_789L);

        assertThat(key.toString()).isEqualTo("hookstream.hooks.pre-backup/11/123456789");
        assertThat(ClaimKey.parse(key.toString())).isEqualTo(key);
    }

    @Test
    void textThatIsNoClaimKeyReadsAsNull() {
        assertThat(ClaimKey.parse(null)).isNull();
        assertThat(ClaimKey.parse("")).isNull();
        assertThat(ClaimKey.parse("topic/1")).isNull();
        assertThat(ClaimKey.parse("/1/2")).isNull();
        assertThat(ClaimKey.parse("topic/x/2")).isNull();
        assertThat(ClaimKey.parse("topic/1/y")).isNull();
    }

    @Test
    void anUnreadableOrIncompleteClaimValueReadsAsNull() {
        assertThat(ClaimCodec.decode(null)).isNull();
        assertThat(ClaimCodec.decode("not json".getBytes())).isNull();
        assertThat(ClaimCodec.decode("{\"record\":\"t/1/2\"}".getBytes()))
                .as("no holder, no state")
                .isNull();
        assertThat(ClaimCodec.decode(
                        "{\"holder\":\"h\",\"state\":\"Running\",\"leaseMs\":5000,\"extra\":1}".getBytes()))
                .isNotNull();
    }
}
