package io.hookstream.templates.render.internal;

/**
 * Quotes a value for the lexical context of a shell script at the point where it is inserted, so that the
 * shell reads it back as exactly that text and never as code.
 */
public final class ShellQuoter {

    /** The lexical context at an insertion point. */
    public enum Context {
        /** Unquoted text (also inside {@code $(...)} and unquoted {@code ${...}}): the value is single-quoted. */
        OUTSIDE,
        /** Inside {@code '...'}: each {@code '} becomes {@code '\''}. */
        SINGLE,
        /** Inside {@code "..."}: {@code \ $ ` "} are backslash-escaped. */
        DOUBLE,
        /** In the body of an unquoted here-document: {@code \ $ `} are backslash-escaped. */
        HEREDOC,
        /** In the body of a quoted here-document ({@code <<'EOF'}): nothing is expanded there. */
        VERBATIM
    }

    private ShellQuoter() {}

    public static String quote(Context context, String value) {
        return switch (context) {
            case OUTSIDE -> "'" + value.replace("'", "'\\''") + "'";
            case SINGLE -> value.replace("'", "'\\''");
            case DOUBLE -> escape(value, "\\$`\"");
            case HEREDOC -> escape(value, "\\$`");
            case VERBATIM -> value;
        };
    }

    private static String escape(String value, String special) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (special.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
