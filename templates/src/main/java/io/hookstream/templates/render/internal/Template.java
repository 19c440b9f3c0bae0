package io.hookstream.templates.render.internal;

import java.util.List;

/** A parsed template: the source and its nodes. */
public record Template(String source, List<Node> nodes) {

    public Template {
        nodes = List.copyOf(nodes);
    }

    /** Parses a template. @throws TemplateError for a syntax error, an unknown function or an unsupported action */
    public static Template parse(String source) {
        return new Template(source, TemplateParser.parse(source));
    }

    /** Where a rendering goes: literal text as written, action values as the sink sees fit. */
    public interface Sink {
        void text(String text);

        void value(Node.Action action, String value);

        String result();
    }

    /** Renders into the sink; a failing action throws a {@link TemplateError} located at that action. */
    public String render(Evaluator evaluator, Sink sink) {
        for (Node node : nodes) {
            if (node instanceof Node.Text text) {
                sink.text(text.text());
                continue;
            }
            Node.Action action = (Node.Action) node;
            try {
                sink.value(action, Printer.print(evaluator.evaluate(action.pipeline())));
            } catch (TemplateError e) {
                throw e.at(action.start(), action.end());
            }
        }
        return sink.result();
    }

    /** A sink that inserts values verbatim. */
    public static Sink verbatim() {
        StringBuilder out = new StringBuilder();
        return new Sink() {
            @Override
            public void text(String text) {
                out.append(text);
            }

            @Override
            public void value(Node.Action action, String value) {
                out.append(value);
            }

            @Override
            public String result() {
                return out.toString();
            }
        };
    }
}
