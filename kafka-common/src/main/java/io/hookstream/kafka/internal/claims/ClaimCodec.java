package io.hookstream.kafka.internal.claims;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Claims as JSON bytes and back; an unreadable value reads as null. */
public final class ClaimCodec {

    // Blackbird: the record's constructor and accessors through generated lambdas, not reflection (every claim of
    // every hook is written once and read by each worker watching its partition)
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .addModule(new BlackbirdModule())
            .build();

    private ClaimCodec() {}

    public static byte[] encode(Claim claim) {
        try {
            return MAPPER.writeValueAsBytes(claim);
        } catch (IOException e) {
            throw new UncheckedIOException("a claim could not be written as JSON", e);
        }
    }

    public static Claim decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            Claim claim = MAPPER.readValue(value, Claim.class);
            return claim.holder() == null || claim.state() == null ? null : claim;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
