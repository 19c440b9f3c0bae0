package io.hookstream.templates.catalog;

import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.AllowedNamespaces;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.HookTemplateSpec;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.schemas.template.PodHookExecutorSpec;
import io.hookstream.templates.catalog.internal.ActionRules;
import io.hookstream.templates.policy.internal.SelectorRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The semantic rules of a HookTemplate that its JSON shape cannot express: executor type set and its section
 * complete, action present unless a Function runs the hook, every set action valid, params named uniquely
 * as environment variables, a Selector policy with a valid selector, a Pod executor's {@code waitTimeout} a
 * non-negative Go duration. A param may be both required and have a default; required wins: the invoker must
 * give it (see
 * {@link io.hookstream.templates.policy.ParamResolver}). Template expressions are not checked here.
 */
public final class TemplateValidator {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private TemplateValidator() {}

    /** Every problem of {@code template} (reason InvalidTemplate, field paths from the manifest root). */
    public static List<Problem> validate(HookTemplate template) {
        List<Problem> out = new ArrayList<>();
        if (template == null || template.spec() == null) {
            out.add(problem("spec", "required: give the template a spec with executor and action"));
            return out;
        }
        HookTemplateSpec spec = template.spec();
        usagePolicy(spec, out);
        params(spec.params(), out);
        ExecutorType type = executor(spec.executor(), out);
        action(spec.action(), type, out);
        return List.copyOf(out);
    }

    private static void usagePolicy(HookTemplateSpec spec, List<Problem> out) {
        AllowedNamespaces allowed =
                spec.usagePolicy() == null ? null : spec.usagePolicy().allowedNamespaces();
        if (allowed == null || allowed.from() != FromNamespaces.Selector) {
            return;
        }
        String field = "spec.usagePolicy.allowedNamespaces.selector";
        if (allowed.selector() == null) {
            out.add(problem(
                    field,
                    "required when from is Selector: give matchLabels or matchExpressions that "
                            + "the namespaces allowed to use this template carry"));
        } else {
            out.addAll(SelectorRules.check(allowed.selector(), field));
        }
    }

    private static void params(List<ParameterDefinition> params, List<Problem> out) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String field = "spec.params[" + i + "].name";
            String name = params.get(i).name();
            if (name == null || name.isEmpty()) {
                out.add(problem(field, "required: name the param"));
            } else if (!ENV_NAME.matcher(name).matches()) {
                out.add(problem(
                        field,
                        "'" + name + "' is not a valid environment variable name: use letters, "
                                + "digits and _, not starting with a digit (e.g. TARGET_DB)"));
            } else {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    out.add(problem(
                            field,
                            "'" + name + "' is already declared at spec.params[" + first
                                    + "]; rename or remove one of them"));
                }
            }
        }
    }

    private static ExecutorType executor(HookExecutor executor, List<Problem> out) {
        if (executor == null || executor.type() == null) {
            out.add(problem("spec.executor.type", "required: set Function, Pod or Operator"));
            return null;
        }
        switch (executor.type()) {
            case Pod -> pod(executor.pod(), out);
            case Function -> {
                FunctionHookExecutorSpec function = executor.function();
                if (function == null
                        || function.name() == null
                        || function.name().isBlank()) {
                    out.add(problem(
                            "spec.executor.function.name",
                            "required for executor type Function: the "
                                    + "name of the KubeStash Function to run the hook"));
                }
            }
            case Operator -> {
                // runs in the operator itself: nothing else to give
            }
        }
        return executor.type();
    }

    private static void pod(PodHookExecutorSpec pod, List<Problem> out) {
        if (pod == null || pod.selector() == null || pod.selector().isBlank()) {
            out.add(problem(
                    "spec.executor.pod.selector",
                    "required for executor type Pod: the labels of the "
                            + "pods to run the hook in, e.g. app=my-app,env=prod"));
        }
        OwnerReference owner = pod == null ? null : pod.owner();
        if (owner != null) {
            String[][] fields = {
                {"apiVersion", owner.apiVersion()}, {"kind", owner.kind()}, {"name", owner.name()}, {"uid", owner.uid()}
            };
            for (String[] field : fields) {
                if (field[1] == null || field[1].isBlank()) {
                    out.add(problem("spec.executor.pod.owner." + field[0], "required in an owner reference"));
                }
            }
        }
        if (pod != null && pod.waitTimeout() != null) {
            waitTimeout(pod.waitTimeout(), out);
        }
    }

    private static void waitTimeout(String text, List<Problem> out) {
        String field = "spec.executor.pod.waitTimeout";
        try {
            if (GoDuration.parse(text).isNegative()) {
                out.add(problem(
                        field,
                        "'" + text + "' is negative: give how long the hook waits for its pods,"
                                + " e.g. 2m, or 0s not to wait"));
            }
        } catch (IllegalArgumentException e) {
            out.add(problem(
                    field, e.getMessage() + "; it says how long the hook waits for its pods (0s: not at" + " all)"));
        }
    }

    private static void action(HookAction action, ExecutorType type, List<Problem> out) {
        if (action == null || action.isEmpty()) {
            if (type != ExecutorType.Function) {
                out.add(problem(
                        "spec.action",
                        "required" + (type == null ? "" : " for executor type " + type)
                                + ": set exec, httpGet, httpPost or tcpSocket"));
            }
            return;
        }
        ActionRules.check(action, "spec.action", out);
    }

    private static Problem problem(String field, String message) {
        return new Problem(field, Reasons.INVALID_TEMPLATE, message);
    }
}
