package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /v1/dead-letters} shows of a dead letter's value: its first {@value #MAX_PREVIEW_BYTES} bytes as
 * UTF-8 text, or, when they are no UTF-8, a {@value #BASE64_BYTES}-byte base64 prefix. A dead letter's value may be
 * a hook event with its params, so secrets are masked as everywhere else: a JSON value has the value of every field
 * whose name is a secret param's (setting {@code secret-param-patterns}) replaced by {@code ***}, and those values
 * masked wherever else they occur (a rendered command); text that is no JSON has {@code "NAME": "value"} pairs of
 * such names masked. Pure: no Kafka.
 *
 * @param encoding   {@code utf-8}, {@code binary} (not UTF-8) or {@code empty}
 * @param text       the masked text preview (utf-8), else null
 * @param base64     the base64 of the first bytes (binary), else null
 * @param truncated  whether the preview shows less than the whole value
 */
record DeadLetterPreview(String encoding, String text, String base64, boolean truncated) {

    static final int MAX_PREVIEW_BYTES = 2048;
    static final int BASE64_BYTES = 48;

    private static final Pattern QUOTED_PAIR =
            Pattern.compile("\"([^\"\\\\]{1,200})\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    static DeadLetterPreview of(byte[] value, SecretParams secrets) {
        if (value == null || value.length == 0) {
            return new DeadLetterPreview("empty", null, null, false);
        }
        String whole = strictUtf8(value, value.length);
        if (whole != null) {
            String masked = mask(whole, secrets);
            String cut = cutToBytes(masked, MAX_PREVIEW_BYTES);
            return new DeadLetterPreview("utf-8", cut, null, cut.length() < masked.length());
        }
        byte[] head = java.util.Arrays.copyOf(value, Math.min(value.length, BASE64_BYTES));
        return new DeadLetterPreview(
                "binary", null, Base64.getEncoder().encodeToString(head), head.length < value.length);
    }

    /** The view in the answer: only the fields that apply. */
    Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("encoding", encoding);
        if (text != null) {
            view.put("text", text);
        }
        if (base64 != null) {
            view.put("base64Prefix", base64);
        }
        view.put("truncated", truncated);
        return view;
    }

    /** The bytes as UTF-8, or null when they are not valid UTF-8. */
    private static String strictUtf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true);
        if (result.isError() || decoder.flush(out).isError()) {
            return null;
        }
        return out.flip().toString();
    }

    /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes, never cutting a surrogate pair. */
    static String cutToBytes(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return text.substring(0, i);
    }

    /** {@code text} with secret param values masked: through the JSON tree when it is JSON, else by pattern. */
    static String mask(String text, SecretParams secrets) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (IOException e) {
            tree = null;
        }
        Map<String, String> found = new LinkedHashMap<>();
        if (tree != null && tree.isContainerNode()) {
            maskTree(tree, secrets, found);
            return secrets.scrubberFor(found).scrub(tree.toString());
        }
        Matcher pairs = QUOTED_PAIR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (pairs.find()) {
            boolean secret = secrets.isSecret(pairs.group(1));
            if (secret) {
                found.put(pairs.group(1) + "#" + found.size(), pairs.group(2));
            }
            pairs.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            secret ? "\"" + pairs.group(1) + "\":\"" + SecretParams.MASK + "\"" : pairs.group()));
        }
        pairs.appendTail(out);
        return secrets.scrubberFor(found).scrub(out.toString());
    }

    private static void maskTree(JsonNode node, SecretParams secrets, Map<String, String> found) {
        if (node instanceof ObjectNode object) {
            var fields = object.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (secrets.isSecret(field.getKey())) {
                    if (field.getValue().isValueNode()) {
                        found.put(
                                field.getKey() + "#" + found.size(),
                                field.getValue().asText());
                    }
                    field.setValue(TextNode.valueOf(SecretParams.MASK));
                } else {
                    maskTree(field.getValue(), secrets, found);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> maskTree(element, secrets, found));
        }
    }
}
