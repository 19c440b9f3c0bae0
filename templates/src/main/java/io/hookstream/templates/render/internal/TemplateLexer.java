package io.hookstream.templates.render.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and action tokens as Go's {@code text/template} lexer does: {@code {{ }}}
 * delimiters, {@code {{- }} / { -}}} whitespace trimming, {@code {{/* ... *}{@code /}}} comments (dropped), and
 * inside actions fields, identifiers, strings, numbers, pipes and parentheses. Constructs of Go templates that
 * hookstream does not support (variables, character constants, declarations) are refused with a clear message.
 */
final class TemplateLexer {

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean trimNextText;
    private int actionStart;

    private TemplateLexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String source) {
        TemplateLexer lexer = new TemplateLexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int delim = src.indexOf(LEFT, pos);
            int textEnd = delim < 0 ? src.length() : delim;
            boolean trimLeft = delim >= 0 && hasLeftTrimMarker(delim + LEFT.length());
            emitText(pos, textEnd, trimLeft);
            if (delim < 0) {
                break;
            }
            actionStart = delim;
            pos = delim + LEFT.length() + (trimLeft ? 2 : 0);
            if (src.startsWith("/*", pos)) {
                lexComment();
            } else {
                tokens.add(new Token(Token.Type.LEFT_DELIM, LEFT, delim));
                lexInsideAction();
            }
        }
        tokens.add(new Token(Token.Type.EOF, "", src.length()));
    }

    private void emitText(int from, int to, boolean trimRight) {
        int start = from;
        int end = to;
        if (trimNextText) {
            while (start < end && isSpace(src.charAt(start))) {
                start++;
            }
            trimNextText = false;
        }
        if (trimRight) {
            while (end > start && isSpace(src.charAt(end - 1))) {
                end--;
            }
        }
        if (end > start) {
            tokens.add(new Token(Token.Type.TEXT, src.substring(start, end), start));
        }
    }

    private void lexComment() {
        int close = src.indexOf("*/", pos + 2);
        if (close < 0) {
            throw error("unclosed comment: end it with */}}");
        }
        pos = close + 2;
        int delimLength = rightDelimLength(pos);
        if (delimLength < 0) {
            throw error("comment ends before the closing delimiter: write {{/* comment */}}");
        }
        trimNextText = delimLength > RIGHT.length();
        pos += delimLength;
    }

    private void lexInsideAction() {
        while (true) {
            int delimLength = rightDelimLength(pos);
            if (delimLength > 0) {
                tokens.add(new Token(Token.Type.RIGHT_DELIM, RIGHT, pos));
                trimNextText = delimLength > RIGHT.length();
                pos += delimLength;
                return;
            }
            if (pos >= src.length()) {
                throw error("unclosed action: missing }}");
            }
            char c = src.charAt(pos);
            if (isSpace(c)) {
                lexSpace();
            } else if (c == '|') {
                single(Token.Type.PIPE);
            } else if (c == '(') {
                single(Token.Type.LPAREN);
            } else if (c == ')') {
                single(Token.Type.RPAREN);
            } else if (c == '"') {
                lexQuoted();
            } else if (c == '`') {
                lexRaw();
            } else if (c == '.') {
                lexDot();
            } else if (c == '+' || c == '-' || isDigit(c)) {
                lexNumber();
            } else if (isIdentStart(c)) {
                int start = pos;
                pos = scanIdent(pos);
                tokens.add(new Token(Token.Type.IDENT, src.substring(start, pos), start));
            } else if (c == '$') {
                throw error(
                        "variables ($...) are not supported in hook templates; use .Name, .Params.NAME and the like");
            } else if (c == '\'') {
                throw error("character constants ('x') are not supported; use a string \"x\"");
            } else if (c == ':' || c == '=' || c == ',') {
                throw error("variable declarations are not supported in hook templates");
            } else if (c == '/' && src.startsWith("/*", pos)) {
                throw error("a comment must start right after {{ or {{- : write {{/* comment */}}");
            } else {
                throw error("unexpected character '" + c + "' in action");
            }
        }
    }

    private void lexSpace() {
        int start = pos;
        while (pos < src.length() && isSpace(src.charAt(pos))) {
            pos++;
        }
        // " -}}" is a trim marker: its leading space belongs to the right delimiter
        if (src.startsWith("-" + RIGHT, pos) && pos - 1 >= start) {
            pos--;
        }
        if (pos > start) {
            tokens.add(new Token(Token.Type.SPACE, src.substring(start, pos), start));
        }
    }

    private void single(Token.Type type) {
        tokens.add(new Token(type, String.valueOf(src.charAt(pos)), pos));
        pos++;
    }

    private void lexQuoted() {
        int start = pos;
        int i = pos + 1;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                throw error("unterminated quoted string");
            }
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                break;
            }
            i++;
        }
        pos = i + 1;
        String value;
        try {
            value = GoStrings.unquote(src.substring(start + 1, i));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        tokens.add(new Token(Token.Type.STRING, value, start));
    }

    private void lexRaw() {
        int close = src.indexOf('`', pos + 1);
        if (close < 0) {
            throw error("unterminated raw string");
        }
        tokens.add(new Token(Token.Type.STRING, src.substring(pos + 1, close).replace("\r", ""), pos));
        pos = close + 1;
    }

    private void lexDot() {
        int start = pos;
        if (pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
            lexNumber();
            return;
        }
        if (pos + 1 < src.length() && isIdentStart(src.charAt(pos + 1))) {
            pos = scanIdent(pos + 1);
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && isIdentStart(src.charAt(pos + 1))) {
                throw error("names in a template expression cannot contain '-' (" + src.substring(start, pos)
                        + "-...); give the param a name of letters, digits and underscores, such as MY_PARAM");
            }
            tokens.add(new Token(Token.Type.FIELD, src.substring(start + 1, pos), start));
            return;
        }
        pos++;
        tokens.add(new Token(Token.Type.DOT, ".", start));
    }

    private void lexNumber() {
        int start = pos;
        int i = pos;
        while (i < src.length() && isNumberChar(src.charAt(i), src.charAt(i - 1 < start ? i : i - 1))) {
            i++;
        }
        pos = i;
        String text = src.substring(start, i);
        if (i < src.length() && (isIdentStart(src.charAt(i)) || src.charAt(i) == '.')) {
            throw error("bad number syntax: " + text + src.charAt(i));
        }
        tokens.add(new Token(Token.Type.NUMBER, text, start));
    }

    private static boolean isNumberChar(char c, char previous) {
        if (isDigit(c)
                || c == '.'
                || c == '_'
                || c == 'x'
                || c == 'X'
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')) {
            return true;
        }
        return (c == '+' || c == '-') && (previous == 'e' || previous == 'E' || previous == c);
    }

    private int scanIdent(int from) {
        int i = from;
        while (i < src.length() && (isIdentStart(src.charAt(i)) || Character.isDigit(src.charAt(i)))) {
            i++;
        }
        return i;
    }

    /** The length of a right delimiter at {@code at} ({@code }}} or {@code  -}}}), or -1 when there is none. */
    private int rightDelimLength(int at) {
        if (src.startsWith(RIGHT, at)) {
            return RIGHT.length();
        }
        if (at + 1 < src.length()
                && isSpace(src.charAt(at))
                && src.charAt(at + 1) == '-'
                && src.startsWith(RIGHT, at + 2)) {
            return RIGHT.length() + 2;
        }
        return -1;
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    private TemplateError error(String detail) {
        return new TemplateError(detail, actionStart, -1);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }
}
