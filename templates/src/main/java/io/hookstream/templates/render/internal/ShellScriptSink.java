package io.hookstream.templates.render.internal;

/**
 * Renders a shell script: literal text is copied as written, each value is quoted for the lexical context at its
 * insertion point ({@link ShellQuoter}). As a second line of defence, the rendered script is lexed alongside
 * the template text (with each value replaced by one plain character); if a value would change the structure of
 * the script, for example end a here-document or a comment early, rendering fails.
 */
public final class ShellScriptSink implements Template.Sink {

    /** Stands for a value in the template-only lexer: a plain word character that no delimiter contains. */
    private static final char PLACEHOLDER = '\uE000';

    private final StringBuilder out = new StringBuilder();
    private final ShellLexer rendered = new ShellLexer();
    private final ShellLexer template = new ShellLexer();
    private Node.Action last;

    @Override
    public void text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            rendered.feed(c);
            template.feed(c);
            if (last != null && !rendered.sameStructure(template)) {
                throw structureChanged(last);
            }
        }
    }

    @Override
    public void value(Node.Action action, String value) {
        ShellLexer.Insertion insertion = rendered.insertion();
        if (insertion.rejection() != null) {
            throw new TemplateError(insertion.rejection(), action.start(), action.end());
        }
        String quoted = ShellQuoter.quote(insertion.context(), value);
        out.append(quoted);
        for (int i = 0; i < quoted.length(); i++) {
            rendered.feed(quoted.charAt(i));
        }
        template.feed(PLACEHOLDER);
        last = action;
        if (!rendered.sameStructure(template)) {
            throw structureChanged(action);
        }
    }

    @Override
    public String result() {
        return out.toString();
    }

    private static TemplateError structureChanged(Node.Action action) {
        return new TemplateError(
                "the value would change the structure of the shell script (for example end a"
                        + " here-document or a comment early), so it cannot be used at this position; pass it as an"
                        + " argument instead (sh -c '... \"$1\"' sh {{ ... }})",
                action.start(),
                action.end());
    }
}
