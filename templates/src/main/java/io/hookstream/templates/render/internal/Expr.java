package io.hookstream.templates.render.internal;

import java.util.List;

/** An operand of a command. */
public sealed interface Expr {

    /** The source offset of the operand, for messages. */
    int offset();

    /** {@code .A.B.C}: a chain of fields from the root. */
    record Field(List<String> names, int offset) implements Expr {

        public Field {
            names = List.copyOf(names);
        }

        public String path() {
            return "." + String.join(".", names);
        }
    }

    /** {@code .}: the root (the session summary). */
    record Dot(int offset) implements Expr {}

    /** A string, number or boolean constant; numbers are {@code Long} or {@code Double}. */
    record Literal(Object value, int offset) implements Expr {}

    /** A function name: called with the command's other operands, or with none when used as an argument. */
    record Function(String name, int offset) implements Expr {}

    /** {@code ( pipeline )}. */
    record Group(Pipeline pipeline, int offset) implements Expr {}
}
