package io.hookstream.templates.render.internal;

import java.util.ArrayList;
import java.util.List;

/** Evaluates pipelines over a {@link Scope}; the piped value becomes the last argument, as in Go. */
public final class Evaluator {

    private final Scope scope;

    public Evaluator(Scope scope) {
        this.scope = scope;
    }

    public Object evaluate(Pipeline pipeline) {
        Object value = null;
        boolean piped = false;
        for (Pipeline.Command command : pipeline.commands()) {
            value = command(command, piped, value);
            piped = true;
        }
        return value;
    }

    private Object command(Pipeline.Command command, boolean piped, Object pipedValue) {
        Expr first = command.operands().get(0);
        if (!(first instanceof Expr.Function function)) {
            return operand(first);
        }
        List<Object> args = new ArrayList<>();
        for (Expr operand : command.operands().subList(1, command.operands().size())) {
            args.add(operand(operand));
        }
        if (piped) {
            args.add(pipedValue);
        }
        return Functions.call(function.name(), args);
    }

    private Object operand(Expr expr) {
        if (expr instanceof Expr.Field field) {
            return scope.resolve(field);
        }
        if (expr instanceof Expr.Dot) {
            return scope.root();
        }
        if (expr instanceof Expr.Literal literal) {
            return literal.value();
        }
        if (expr instanceof Expr.Function function) {
            return Functions.call(function.name(), List.of());
        }
        return evaluate(((Expr.Group) expr).pipeline());
    }
}
