package io.hookstream.templates.render.internal;

/** A top-level piece of a parsed template: literal text or an action whose value is substituted. */
public sealed interface Node {

    /** Literal text, after {@code {{- -}}} trimming; written by the template author and never altered. */
    record Text(String text) implements Node {}

    /** An action {@code {{ pipeline }}} spanning {@code [start, end)} of the source. */
    record Action(Pipeline pipeline, int start, int end) implements Node {}
}
