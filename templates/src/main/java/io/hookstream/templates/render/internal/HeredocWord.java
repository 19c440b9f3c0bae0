package io.hookstream.templates.render.internal;

/** Reads the delimiter word after {@code <<} or {@code <<-}, with quote removal; any quoting makes it literal. */
final class HeredocWord {

    final boolean stripTabs;
    private final StringBuilder text = new StringBuilder();
    private boolean quoted;
    private boolean started;
    private boolean escaped;
    private char quote;

    HeredocWord(boolean stripTabs) {
        this.stripTabs = stripTabs;
    }

    /** Takes the next character; false when the word ended before it (the caller then processes it). */
    boolean accept(char c) {
        if (escaped) {
            text.append(c);
            escaped = false;
            return true;
        }
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"') {
                escaped = true;
            } else {
                text.append(c);
            }
            return true;
        }
        if (c == '\'' || c == '"' || c == '\\') {
            quoted = true;
            started = true;
            if (c == '\\') {
                escaped = true;
            } else {
                quote = c;
            }
            return true;
        }
        if (c == ' ' || c == '\t') {
            return !started;
        }
        if ("\n;&|<>()".indexOf(c) >= 0) {
            return false;
        }
        text.append(c);
        started = true;
        return true;
    }

    boolean isEmpty() {
        return !started;
    }

    String delimiter() {
        return text.toString();
    }

    boolean quoted() {
        return quoted;
    }
}
