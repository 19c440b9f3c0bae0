package io.hookstream.templates.render.internal;

/**
 * A template expression that cannot be parsed or evaluated. Carries the offsets of the action it belongs to
 * (once known) so that the message can quote the expression and say where it is. Messages never contain
 * param or session values, only template text written by the author.
 */
public final class TemplateError extends RuntimeException {

    private static final int MAX_QUOTED = 80;

    private final String detail;
    private final int start;
    private final int end;

    /** An error whose action is not known yet; {@link #at} adds it. */
    public TemplateError(String detail) {
        this(detail, -1, -1);
    }

    /** An error in the action spanning {@code [start, end)} of the source; {@code end < 0} when unclosed. */
    public TemplateError(String detail, int start, int end) {
        super(detail, null, false, false);
        this.detail = detail;
        this.start = start;
        this.end = end;
    }

    /** This error located at an action, unless it already is located. */
    public TemplateError at(int actionStart, int actionEnd) {
        return start >= 0 ? this : new TemplateError(detail, actionStart, actionEnd);
    }

    public String detail() {
        return detail;
    }

    /** The full message: the expression as written, its line and column, and what is wrong. */
    public String describe(String source) {
        if (start < 0) {
            return detail;
        }
        int stop = end < 0 ? Math.min(source.length(), start + 40) : Math.min(end, source.length());
        String expression = source.substring(start, stop).replace("\r", " ").replace("\n", " ");
        if (expression.length() > MAX_QUOTED) {
            expression = expression.substring(0, MAX_QUOTED) + "...";
        } else if (end < 0 && stop < source.length()) {
            expression = expression + "...";
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < start; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "template expression " + expression + " at line " + line + ", column " + column + ": " + detail;
    }
}
