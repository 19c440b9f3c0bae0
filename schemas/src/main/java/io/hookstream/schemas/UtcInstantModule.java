package io.hookstream.schemas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link Instant} as RFC 3339 text through {@link UtcInstants}, registered after {@code JavaTimeModule} so that it
 * replaces that module's {@code Instant} serializer and deserializer. Text it does not handle goes to
 * {@code JavaTimeModule}'s deserializer, which accepts every form it accepted before and words its errors the same.
 */
final class UtcInstantModule extends SimpleModule {

    UtcInstantModule() {
        super("hookstream-utc-instants");
        addSerializer(Instant.class, new Serializer());
        addDeserializer(Instant.class, new Deserializer());
    }

    private static final class Serializer extends StdScalarSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(UtcInstants.format(value));
        }
    }

    private static final class Deserializer extends StdScalarDeserializer<Instant> {
        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant fast = UtcInstants.parse(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}
