package io.hookstream.templates.render.internal;

/** Go string literal escapes: {@code strconv.Unquote} for interpreted literals and {@code strconv.Quote}. */
public final class GoStrings {

    private GoStrings() {}

    /**
     * Decodes the body of a Go interpreted string literal (without its quotes).
     *
     * @throws IllegalArgumentException for an invalid escape
     */
    static String unquote(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("invalid escape at the end of a string");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'x' -> {
                    out.append((char) hex(body, i, 2));
                    i += 2;
                }
                case 'u' -> {
                    out.appendCodePoint(codePoint(hex(body, i, 4)));
                    i += 4;
                }
                case 'U' -> {
                    out.appendCodePoint(codePoint(hex(body, i, 8)));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.append((char) octal(body, i - 1));
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("invalid escape \\" + e + " in string");
                    }
                }
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            throw new IllegalArgumentException("invalid hexadecimal escape in string");
        }
        try {
            return Integer.parseUnsignedInt(s.substring(from, from + digits), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid hexadecimal escape in string");
        }
    }

    private static int octal(String s, int from) {
        if (from + 3 > s.length()) {
            throw new IllegalArgumentException("invalid octal escape in string");
        }
        int value = 0;
        for (int k = from; k < from + 3; k++) {
            char d = s.charAt(k);
            if (d < '0' || d > '7') {
                throw new IllegalArgumentException("invalid octal escape in string");
            }
            value = value * 8 + (d - '0');
        }
        if (value > 255) {
            throw new IllegalArgumentException("invalid octal escape in string");
        }
        return value;
    }

    private static int codePoint(int value) {
        if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
            throw new IllegalArgumentException("invalid Unicode escape in string");
        }
        return value;
    }

    /** {@code strconv.Quote}: a double-quoted Go string literal; non-printable characters are escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> appendRune(out, cp);
            }
        }
        return out.append('"').toString();
    }

    private static void appendRune(StringBuilder out, int cp) {
        if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
            out.append("\\ufffd");
        } else if (isPrint(cp)) {
            out.appendCodePoint(cp);
        } else if (cp < 0x80) {
            out.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
            out.append(String.format("\\u%04x", cp));
        } else {
            out.append(String.format("\\U%08x", cp));
        }
    }

    /** Approximates Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
