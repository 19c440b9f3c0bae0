package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a manifest file into its documents (YAML, or JSON for {@code *.json}), keeping the line of every
 * field. A syntax error anywhere, or a key repeated in one mapping, fails the whole file, as kubectl would.
 */
public final class ManifestReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper yaml;
    private final ObjectMapper json;

    public ManifestReader(ObjectMapper yaml, ObjectMapper json) {
        this.yaml = yaml;
        this.json = json;
    }

    public ParsedFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            return ParsedFile.failed("the file is not UTF-8 text; save it as UTF-8", 0);
        } catch (IOException e) {
            return ParsedFile.failed("cannot read the file (" + e + "); check that it exists and is readable", 0);
        }
        return parse(text, isJson(file));
    }

    /** Parses {@code text} as YAML, or as JSON when {@code json} is set. */
    public ParsedFile parse(String text, boolean asJson) {
        ObjectMapper mapper = asJson ? json : yaml;
        List<YamlDocument> documents = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(text)) {
            while (parser.nextToken() != null) {
                int line = lineOf(parser.currentTokenLocation());
                LineIndex lines = new LineIndex(line);
                JsonNode tree = readValue(parser, "", lines);
                if (!tree.isNull()) {
                    documents.add(new YamlDocument(line, tree, lines));
                }
            }
        } catch (DuplicateKeyException e) {
            return ParsedFile.failed(e.getMessage(), e.line);
        } catch (JsonProcessingException e) {
            return syntaxFailure(e, asJson);
        } catch (IOException | RuntimeException e) {
            return ParsedFile.failed((asJson ? "JSON" : "YAML") + " cannot be read: " + e.getMessage(), 0);
        }
        return ParsedFile.of(documents);
    }

    static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static ParsedFile syntaxFailure(JsonProcessingException e, boolean asJson) {
        if (e.getCause() instanceof MarkedYAMLException marked) {
            String problem = marked.getProblem();
            if (marked.getContext() != null) {
                problem = problem + " (" + marked.getContext() + ")";
            }
            int line =
                    marked.getProblemMark() != null ? marked.getProblemMark().getLine() + 1 : lineOf(e.getLocation());
            return ParsedFile.failed("YAML syntax error: " + problem + "; fix the file", line);
        }
        return ParsedFile.failed(
                (asJson ? "JSON" : "YAML") + " syntax error: " + e.getOriginalMessage() + "; fix the file",
                lineOf(e.getLocation()));
    }

    private static int lineOf(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? 0 : location.getLineNr();
    }

    /** Reads the value at the current token, indexing the line of every field and element under it. */
    private static JsonNode readValue(JsonParser parser, String path, LineIndex lines) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(parser, path, lines);
            case START_ARRAY -> readArray(parser, path, lines);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT ->
                parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? NODES.numberNode(parser.getDecimalValue())
                        : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT ->
                parser.getEmbeddedObject() instanceof byte[] bytes
                        ? NODES.binaryNode(bytes)
                        : NODES.pojoNode(parser.getEmbeddedObject());
            default -> throw new IOException("unexpected " + token + " at " + (path.isEmpty() ? "the top" : path));
        };
    }

    private static ObjectNode readObject(JsonParser parser, String path, LineIndex lines) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String childPath = LineIndex.child(path, name);
            int line = lineOf(parser.currentTokenLocation());
            if (node.has(name)) {
                throw new DuplicateKeyException(
                        "key '" + name + "' appears twice in "
                                + (path.isEmpty() ? "the document" : path) + " (first on line "
                                + lines.lineOf(childPath)
                                + "); remove one of them",
                        line);
            }
            lines.put(childPath, line);
            parser.nextToken();
            node.set(name, readValue(parser, childPath, lines));
        }
        return node;
    }

    private static ArrayNode readArray(JsonParser parser, String path, LineIndex lines) throws IOException {
        ArrayNode node = NODES.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String elementPath = path + "[" + index++ + "]";
            lines.put(elementPath, lineOf(parser.currentTokenLocation()));
            node.add(readValue(parser, elementPath, lines));
        }
        return node;
    }

    private static final class DuplicateKeyException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;

        DuplicateKeyException(String message, int line) {
            super(message);
            this.line = line;
        }
    }
}
