package io.hookstream.templates.render;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.render.internal.Evaluator;
import io.hookstream.templates.render.internal.ExecRenderer;
import io.hookstream.templates.render.internal.Scope;
import io.hookstream.templates.render.internal.Template;
import io.hookstream.templates.render.internal.TemplateError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Renders the Go-template expressions of a hook action, as KubeStash does, over the session summary and the
 * template's params: in {@code exec.command[]} items and in {@code httpPost.body}; nothing else is templated.
 * The subset is strict: an unknown field, an undeclared param, an unknown function or a syntax error is an
 * error naming the expression and its position, never an empty value.
 *
 * <p>Values are data, never code. Exec items are argv (no shell is added), so values go in verbatim, except in
 * the script of a shell invocation ({@code sh -c SCRIPT}, {@code bash -ec SCRIPT}, ...), where each value is
 * quoted for the shell according to the quoting context at its position. The httpPost body is sent verbatim.
 */
public final class ActionRenderer {

    private static final String COMMAND_FIELD = "spec.action.exec.command[%d]";
    private static final String BODY_FIELD = "spec.action.httpPost.body";

    private ActionRenderer() {}

    /**
     * Renders an action for one run.
     *
     * @throws TemplateException with reason {@code InvalidTemplateExpression} and the field at fault
     */
    public static HookAction render(HookAction action, RenderContext context) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(context, "context");
        Scope scope = Scope.of(context.session(), context.params());
        ExecAction exec = action.exec();
        if (exec != null && exec.command() != null) {
            exec = new ExecAction(ExecRenderer.render(exec.command(), scope, (index, message) -> {
                throw new TemplateException(
                        Reasons.INVALID_TEMPLATE_EXPRESSION, COMMAND_FIELD.formatted(index), message);
            }));
        }
        HttpPostAction post = action.httpPost();
        if (post != null && post.body() != null) {
            String body = renderBody(post.body(), scope, message -> {
                throw new TemplateException(Reasons.INVALID_TEMPLATE_EXPRESSION, BODY_FIELD, message);
            });
            post = new HttpPostAction(
                    post.path(), post.port(), post.host(), post.scheme(), post.httpHeaders(), body, post.form());
        }
        return new HookAction(exec, action.httpGet(), post, action.tcpSocket(), action.containerName());
    }

    /**
     * Validates the expressions of an action when a template is loaded: syntax, unsupported actions, unknown
     * functions and fields, params not in {@code declaredParams}, and expressions placed where a shell script
     * cannot take a value safely. Each expression is also evaluated over sample values, so wrong argument
     * counts and types are found too.
     *
     * @return one problem per faulty field (reason {@code InvalidTemplateExpression}); empty when all is well
     */
    public static List<Problem> check(HookAction action, Set<String> declaredParams) {
        List<Problem> problems = new ArrayList<>();
        if (action == null) {
            return problems;
        }
        Scope scope = Scope.sample(declaredParams == null ? Set.of() : declaredParams);
        if (action.exec() != null && action.exec().command() != null) {
            ExecRenderer.render(
                    action.exec().command(),
                    scope,
                    (index, message) -> problems.add(
                            new Problem(COMMAND_FIELD.formatted(index), Reasons.INVALID_TEMPLATE_EXPRESSION, message)));
        }
        if (action.httpPost() != null && action.httpPost().body() != null) {
            renderBody(
                    action.httpPost().body(),
                    scope,
                    message -> problems.add(new Problem(BODY_FIELD, Reasons.INVALID_TEMPLATE_EXPRESSION, message)));
        }
        return List.copyOf(problems);
    }

    private static String renderBody(String body, Scope scope, Consumer<String> failure) {
        try {
            return Template.parse(body).render(new Evaluator(scope), Template.verbatim());
        } catch (TemplateError e) {
            failure.accept(e.describe(body));
            return body;
        }
    }
}
