package io.hookstream.templates.render.internal;

/** One level of nesting in a shell script: a quoted string, a substitution, a comment or a here-document. */
final class ShellFrame {

    enum Kind {
        /** The script itself. */
        TOP,
        /** {@code $( ... )}: a new unquoted context. */
        CMDSUB,
        /** {@code ' ... '}. */
        SINGLE,
        /** {@code " ... "}. */
        DOUBLE,
        /** bash's {@code $' ... '}. */
        ANSI,
        /** {@code ` ... `}. */
        BACKTICK,
        /** {@code ${ ... }}. */
        PARAM,
        /** {@code $(( ... ))} or {@code (( ... ))}. */
        ARITH,
        /** {@code # ...} up to the end of the line. */
        COMMENT,
        /** The body of {@code <<WORD}: expansions happen, quotes are plain characters. */
        HEREDOC,
        /** The body of {@code <<'WORD'}: nothing is special. */
        HEREDOC_LITERAL
    }

    final Kind kind;
    /** PARAM: inside double quotes or a here-document, where single quotes behave differently per shell. */
    final boolean inDouble;
    /** HEREDOC*: the delimiter line, and whether leading tabs are stripped ({@code <<-}). */
    final String delimiter;

    final boolean stripTabs;
    /** HEREDOC*: the raw text of the current line. */
    final StringBuilder line = new StringBuilder();
    /** CMDSUB, ARITH: open parentheses. */
    int depth;
    /** ARITH: the first ')' of "))" was seen. */
    boolean closing;

    private ShellFrame(Kind kind, boolean inDouble, String delimiter, boolean stripTabs) {
        this.kind = kind;
        this.inDouble = inDouble;
        this.delimiter = delimiter;
        this.stripTabs = stripTabs;
    }

    static ShellFrame of(Kind kind) {
        return new ShellFrame(kind, false, null, false);
    }

    static ShellFrame param(boolean inDouble) {
        return new ShellFrame(Kind.PARAM, inDouble, null, false);
    }

    static ShellFrame heredoc(String delimiter, boolean quoted, boolean stripTabs) {
        return new ShellFrame(quoted ? Kind.HEREDOC_LITERAL : Kind.HEREDOC, false, delimiter, stripTabs);
    }

    /** Inside double quotes, an unquoted here-document or arithmetic, where expansions happen but quotes do not. */
    boolean doubleLike() {
        return kind == Kind.DOUBLE || kind == Kind.HEREDOC || kind == Kind.ARITH || (kind == Kind.PARAM && inDouble);
    }

    boolean isHeredoc() {
        return kind == Kind.HEREDOC || kind == Kind.HEREDOC_LITERAL;
    }

    /** Whether the current line ends with an unescaped backslash (an odd number of them). */
    boolean lineEndsWithEscape() {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }

    /** Whether the current line of a here-document body is its delimiter. */
    boolean lineEndsHeredoc() {
        int start = 0;
        if (stripTabs) {
            while (start < line.length() && line.charAt(start) == '\t') {
                start++;
            }
        }
        return line.substring(start).equals(delimiter);
    }
}
