package io.hookstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The contract's settings applied to a YAML mapper, as a HookTemplate loader would build it. */
final class Yaml {

    static final ObjectMapper MAPPER = Json.configure(YAMLMapper.builder()).build();

    private Yaml() {}

    /** Reads a test resource (path relative to the test classpath root) into a tree. */
    static JsonNode testResource(String name) {
        try (InputStream in = Yaml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T testResource(String name, Class<T> type) {
        try (InputStream in = Yaml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
