package io.hookstream.templates.render.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code exec.command}: ordinary argv items get values verbatim (argv is data already; no shell is
 * added), the script of a shell invocation ({@link ShellInvocation}) gets values quoted for the shell.
 */
public final class ExecRenderer {

    /** Receives the failure of one item; it may throw (rendering) or collect (validation). */
    public interface Failures {
        void failed(int index, String message);
    }

    private ExecRenderer() {}

    /** The rendered items; an item whose rendering failed is reported and kept as written. */
    public static List<String> render(List<String> command, Scope scope, Failures failures) {
        Evaluator evaluator = new Evaluator(scope);
        List<String> rendered = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String item = command.get(i) == null ? "" : command.get(i);
            try {
                Template template = Template.parse(item);
                boolean script = ShellInvocation.isScript(rendered, i);
                String value = template.render(evaluator, script ? new ShellScriptSink() : Template.verbatim());
                if (value.indexOf('\0') >= 0) {
                    failures.failed(
                            i,
                            "the rendered item contains a NUL character, which a command line cannot"
                                    + " carry; remove it from the value");
                    value = item;
                }
                rendered.add(value);
            } catch (TemplateError e) {
                failures.failed(i, e.describe(item));
                rendered.add(item);
            }
        }
        return rendered;
    }
}
