package io.hookstream.worker.internal.templates;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.policy.UsagePolicyCheck;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.templates.render.RenderContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Holds a hook event to the worker's own copy of the template it names: the invoker's namespace must be allowed
 * by the usage policy, the executor must be the template's, every param must be declared, and the action must be
 * exactly what the template renders with the event's params and session. A forged or altered event therefore
 * cannot run anything its template does not allow; an event dispatched before its template changed fails the
 * same way (run it again).
 */
public final class TemplateGuard {

    private TemplateGuard() {}

    /** Null when {@code event} matches its template, else what does not (never a param value). */
    public static String problem(HookEvent event, TemplateLookup.Found found) {
        String ref = event.template() == null
                ? null
                : event.template().namespace() + "/" + event.template().name();
        if (event.template() == null || event.template().name() == null) {
            return "the hook event names no HookTemplate";
        }
        HookTemplate template = found.template();
        if (template == null) {
            return found.problem() != null
                    ? "HookTemplate " + ref + " cannot be used: " + found.problem()
                    : "HookTemplate " + ref + " does not exist in the worker's template source (deleted since the"
                            + " hook was dispatched, or the event was not made from it)";
        }
        String namespace = event.session() == null ? null : event.session().namespace();
        Problem policy = UsagePolicyCheck.check(template, namespace, found.namespaceLabels());
        if (policy != null) {
            return policy.message();
        }
        if (!tree(template.spec().executor()).equals(tree(event.executor()))) {
            return "the hook event's executor is not the one HookTemplate " + ref + " defines";
        }
        Set<String> declared =
                template.spec().params().stream().map(ParameterDefinition::name).collect(Collectors.toSet());
        Set<String> undeclared = new TreeSet<>(event.params().keySet());
        undeclared.removeAll(declared);
        if (!undeclared.isEmpty()) {
            return "the hook event has params " + undeclared + " that HookTemplate " + ref + " does not declare";
        }
        try {
            JsonNode rendered = tree(
                    template.spec().action() == null
                            ? null
                            : ActionRenderer.render(
                                    template.spec().action(), new RenderContext(event.session(), event.params())));
            if (!rendered.equals(tree(event.action()))) {
                return "the hook event's action is not what HookTemplate " + ref + " renders with its params (the"
                        + " template changed since the hook was dispatched, or the event was altered): submit the"
                        + " run again";
            }
        } catch (TemplateException e) {
            return "HookTemplate " + ref + " does not render with the event's params: " + e.getMessage();
        }
        return null;
    }

    private static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }
}
