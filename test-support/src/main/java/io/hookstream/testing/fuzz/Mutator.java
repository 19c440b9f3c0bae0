package io.hookstream.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte and text mutations for fuzzing, all drawn from one {@link Random} (so a seed reproduces them): truncation,
 * bit flips, byte and range insertion, deletion and duplication, invalid UTF-8, interesting strings and numbers,
 * very long runs, and splicing in tokens of the input's own grammar.
 */
public final class Mutator {

    /** Strings that break naive parsers: empty, control characters, unicode oddities, injections, paths. */
    public static final List<String> INTERESTING_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "\n",
            "\r\n",
            "\t",
            "null",
            "true",
            "0",
            "-1",
            "a",
            "\"",
            "'",
            "\\",
            "\\u0000",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "=",
            "==",
            "!=",
            "(",
            ")",
            "%",
            "%%",
            "%s",
            "%00",
            "%2e%2e%2f",
            "../../",
            "..",
            "/",
            "//",
            "?",
            "#",
            "&",
            "\u00e9",
            "\uff45",
            "\u0661\u0662",
            "\u202e",
            "\u200b",
            "\ufeff",
            "\ud800",
            "\udfff",
            "\ud83d\udca5",
            "\u0301",
            "\u00a0",
            "{{",
            "}}",
            "{{ .Params.X }}",
            "$(touch x)",
            "`id`",
            "${jndi:ldap://127.0.0.1/x}",
            "<script>",
            "'; DROP TABLE x; --",
            "A".repeat(64),
            "a".repeat(254),
            "9".repeat(40));

    /** Numbers at and beyond the limits of int, long and double, as JSON number text. */
    public static final List<String> INTERESTING_NUMBERS = List.of(
            "0",
            "-0",
            "1",
            "-1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "1e308",
            "1e309",
            "-1e309",
            "1e-400",
            "0.5",
            "1.0",
            "123456789012345678901234567890",
            "1" + "0".repeat(400),
            "0." + "0".repeat(400) + "1",
            "1E+2147483647");

    private static final byte[][] INTERESTING_BYTES = {
        {0},
        {(byte) 0xff},
        {(byte) 0xc0, (byte) 0x80},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xe2, (byte) 0x82},
        {(byte) 0x80},
        {'\\'},
        {'"'},
        {'{'},
        {'['},
        {'\n'},
        {0x7f}
    };

    private final Random random;

    public Mutator(Random random) {
        this.random = random;
    }

    public Random random() {
        return random;
    }

    /** One of {@code items}. */
    public <E> E pick(List<E> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Between 1 and {@code max} byte-level mutations of {@code input}. */
    public byte[] mutateBytes(byte[] input, int max) {
        byte[] out = input;
        for (int n = 1 + random.nextInt(max); n > 0; n--) {
            out = mutateBytesOnce(out);
        }
        return out;
    }

    private byte[] mutateBytesOnce(byte[] in) {
        int length = in.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        return switch (random.nextInt(9)) {
            case 0 -> Arrays.copyOf(in, length == 0 ? 0 : random.nextInt(length)); // truncate
            case 1 -> { // flip a bit
                if (length == 0) {
                    yield new byte[] {(byte) random.nextInt(256)};
                }
                byte[] out = in.clone();
                int i = random.nextInt(length);
                out[i] ^= (byte) (1 << random.nextInt(8));
                yield out;
            }
            case 2 -> insert(in, at, new byte[] {(byte) random.nextInt(256)});
            case 3 -> insert(in, at, INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
            case 4 -> { // delete a range
                if (length == 0) {
                    yield in;
                }
                int from = random.nextInt(length);
                int to = Math.min(length, from + 1 + random.nextInt(Math.max(1, Math.min(64, length - from))));
                yield concat(Arrays.copyOfRange(in, 0, from), Arrays.copyOfRange(in, to, length));
            }
            case 5 -> { // duplicate a range
                if (length == 0) {
                    yield in;
                }
                int from = random.nextInt(length);
                int to = Math.min(length, from + 1 + random.nextInt(64));
                yield insert(in, from, Arrays.copyOfRange(in, from, to));
            }
            case 6 -> insert(in, at, utf8(pick(INTERESTING_STRINGS)));
            case 7 -> insert(in, at, utf8(pick(INTERESTING_NUMBERS)));
            default -> { // overwrite a byte with a random one
                if (length == 0) {
                    yield in;
                }
                byte[] out = in.clone();
                out[random.nextInt(length)] = (byte) random.nextInt(256);
                yield out;
            }
        };
    }

    /** Between 1 and {@code max} character-level mutations, splicing in {@code tokens} of the input's grammar. */
    public String mutateText(String input, List<String> tokens, int max) {
        String out = input;
        for (int n = 1 + random.nextInt(max); n > 0; n--) {
            out = mutateTextOnce(out, tokens);
        }
        return out;
    }

    private String mutateTextOnce(String in, List<String> tokens) {
        int length = in.length();
        int at = random.nextInt(length + 1);
        return switch (random.nextInt(tokens.isEmpty() ? 8 : 11)) {
            case 0 -> in.substring(0, length == 0 ? 0 : random.nextInt(length));
            case 1 -> length == 0 ? in : deleteRange(in);
            case 2 -> in.substring(0, at) + (char) random.nextInt(0x80) + in.substring(at);
            case 3 -> in.substring(0, at) + pick(INTERESTING_STRINGS) + in.substring(at);
            case 4 -> in.substring(0, at) + pick(INTERESTING_NUMBERS) + in.substring(at);
            case 5 -> { // duplicate a range
                int to = Math.min(length, at + 1 + random.nextInt(16));
                yield in.substring(0, to) + in.substring(at, to) + in.substring(to);
            }
            case 6 -> length == 0 ? in : replaceChar(in, (char) random.nextInt(0x3000));
            case 7 ->
                in.substring(0, at) + String.valueOf(pickChar()).repeat(1 + random.nextInt(300)) + in.substring(at);
            default -> in.substring(0, at) + pick(tokens) + in.substring(at);
        };
    }

    private String deleteRange(String in) {
        int from = random.nextInt(in.length());
        int to = Math.min(in.length(), from + 1 + random.nextInt(16));
        return in.substring(0, from) + in.substring(to);
    }

    private String replaceChar(String in, char c) {
        int i = random.nextInt(in.length());
        return in.substring(0, i) + c + in.substring(i + 1);
    }

    private char pickChar() {
        String chars = "a0 .-_/,=!()\"'\\{}[]\u00e9\u202e";
        return chars.charAt(random.nextInt(chars.length()));
    }

    /** Random bytes, up to {@code maxLength} of them. */
    public byte[] randomBytes(int maxLength) {
        byte[] out = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(out);
        return out;
    }

    /** A random sequence of {@code tokens}, at most {@code maxTokens} of them. */
    public String randomTokens(List<String> tokens, int maxTokens) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(maxTokens + 1); n > 0; n--) {
            out.append(pick(tokens));
        }
        return out.toString();
    }

    /** A string of any of the interesting kinds, sometimes very long (up to {@code maxLong} characters). */
    public String interestingString(int maxLong) {
        return switch (random.nextInt(6)) {
            case 0 -> pick(INTERESTING_STRINGS).repeat(1 + random.nextInt(Math.max(1, maxLong / 64)));
            case 1 -> String.valueOf(pickChar()).repeat(random.nextInt(maxLong + 1));
            case 2 -> new String(randomBytes(32), StandardCharsets.UTF_8);
            default -> pick(INTERESTING_STRINGS);
        };
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] in, int at, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + bytes.length);
        out.write(in, 0, at);
        out.write(bytes, 0, bytes.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Bytes for a failure message: UTF-8 text escaped and cut to 600 characters, with the length. */
    public static String show(byte[] bytes) {
        return bytes.length + " bytes: " + show(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Text for a failure message: Java-escaped and cut to 600 characters, with the length. */
    public static String show(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 600);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (text.length() > limit) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
