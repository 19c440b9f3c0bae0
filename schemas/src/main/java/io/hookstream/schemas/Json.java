package io.hookstream.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON configuration of every contract: RFC 3339 timestamps, nulls left out, unknown fields refused
 * unless a record says otherwise (events read by our own services tolerate newer fields).
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private Json() {}

    /** A shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the contract's settings to a builder, for mappers of other formats (YAML) too. */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        // Blackbird: accessors and creators through generated lambdas instead of reflection (hot on every event)
        // UtcInstantModule after JavaTimeModule: it replaces that module's Instant (de)serializer on the hot path
        return builder.addModule(new JavaTimeModule())
                .addModule(new UtcInstantModule())
                .addModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }
}
