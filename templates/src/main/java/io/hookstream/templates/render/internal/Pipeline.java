package io.hookstream.templates.render.internal;

import java.util.List;

/**
 * Commands joined by {@code |}; the value of each command is passed as the last argument of the next, which
 * must be a function call.
 */
public record Pipeline(List<Command> commands) {

    public Pipeline {
        commands = List.copyOf(commands);
    }

    /** A function call with its arguments, or a single operand. */
    public record Command(List<Expr> operands) {

        public Command {
            operands = List.copyOf(operands);
        }
    }
}
