package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateValidator;
import io.hookstream.templates.policy.ParamResolver;
import io.hookstream.templates.policy.UsagePolicyCheck;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.templates.render.RenderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every check a run request must pass before anything runs: its own fields, then per hook the template exists,
 * the invoker's namespace may use it, its params are complete and known, and its action renders. Returns all
 * problems, each naming the field at fault.
 */
final class RequestValidator {

    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    /** Either a plan (no problems) or the problems. */
    record Validation(List<PlannedHook> plan, List<Problem> problems) {
        boolean accepted() {
            return problems.isEmpty();
        }
    }

    private final DispatcherConfig config;

    RequestValidator(DispatcherConfig config) {
        this.config = config;
    }

    Validation validate(RunRequest request, CatalogSnapshot catalog) {
        List<Problem> problems = new ArrayList<>();
        checkRequest(request, problems);
        if (!problems.isEmpty()) {
            return new Validation(List.of(), problems);
        }
        List<PlannedHook> plan = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < request.hooks().size(); i++) {
            PlannedHook hook = planHook(i, request.hooks().get(i), request.session(), catalog, names, problems);
            if (hook != null) {
                plan.add(hook);
            }
        }
        return problems.isEmpty() ? new Validation(List.copyOf(plan), List.of()) : new Validation(List.of(), problems);
    }

    private void checkRequest(RunRequest request, List<Problem> problems) {
        if (request.runId() != null && !RUN_ID.matcher(request.runId()).matches()) {
            problems.add(invalid(
                    "runId",
                    "must be 1-200 characters of letters, digits, '.', '_', ':' or '-',"
                            + " starting with a letter or digit"));
        }
        if (request.phase() == null) {
            problems.add(invalid("phase", "is required: one of " + Phase.wireNames()));
        }
        SessionSummary session = request.session();
        if (session == null) {
            problems.add(invalid("session", "is required: the session summary (name, namespace, invoker)"));
        } else {
            if (blank(session.name())) {
                problems.add(invalid("session.name", "is required: the name of the backup or restore session"));
            }
            if (blank(session.namespace())) {
                problems.add(invalid("session.namespace", "is required: the invoker's namespace"));
            }
            if (session.invoker() == null
                    || blank(session.invoker().kind())
                    || blank(session.invoker().name())) {
                problems.add(
                        invalid(
                                "session.invoker",
                                "is required with kind and name, e.g. {\"apiGroup\":"
                                        + "\"core.kubestash.com\",\"kind\":\"BackupConfiguration\",\"name\":\"mysql-backup\"}"));
            }
        }
        if (request.hooks() == null || request.hooks().isEmpty()) {
            problems.add(invalid("hooks", "must list at least one hook"));
        }
    }

    private PlannedHook planHook(
            int index,
            HookInfo hook,
            SessionSummary session,
            CatalogSnapshot catalog,
            Set<String> names,
            List<Problem> problems) {
        String at = "hooks[" + index + "]";
        int before = problems.size();
        if (hook == null) {
            problems.add(invalid(at, "must be a hook object"));
            return null;
        }
        if (blank(hook.name())) {
            problems.add(invalid(at + ".name", "is required"));
        } else if (!names.add(hook.name())) {
            problems.add(invalid(
                    at + ".name",
                    "'" + hook.name() + "' is used by an earlier hook; names must be" + " unique within a run"));
        }
        int maxRetry = hook.effectiveMaxRetry();
        if (maxRetry < 0 || maxRetry > config.runs().maxRetryLimit()) {
            problems.add(invalid(
                    at + ".maxRetry",
                    "must be between 0 and " + config.runs().maxRetryLimit() + " (--max-retry-limit), was "
                            + maxRetry));
        }
        Duration timeout = timeoutOf(hook, at, problems);
        ExecutionPolicy policy = hook.effectiveExecutionPolicy();
        if (policy != ExecutionPolicy.Always
                && (session.status() == null || session.status().phase() == null)) {
            problems.add(invalid(
                    "session.status.phase",
                    "is required because " + at + ".executionPolicy is " + policy
                            + ": it decides whether the hook runs (Succeeded or Failed)"));
        }
        if (hook.hookTemplate() == null || blank(hook.hookTemplate().name())) {
            problems.add(invalid(at + ".hookTemplate.name", "is required: the HookTemplate to run"));
            return null;
        }
        String namespace = blank(hook.hookTemplate().namespace())
                ? session.namespace()
                : hook.hookTemplate().namespace();
        TemplateRef ref = new TemplateRef(hook.hookTemplate().name(), namespace);
        HookTemplate template = catalog.find(namespace, ref.name()).orElse(null);
        if (template == null) {
            problems.add(new Problem(
                    at + ".hookTemplate",
                    Reasons.TEMPLATE_NOT_FOUND,
                    "HookTemplate " + ref + " not found; " + available(catalog)));
            return null;
        }
        List<Problem> invalid = TemplateValidator.validate(template);
        if (!invalid.isEmpty()) {
            problems.add(new Problem(
                    at + ".hookTemplate",
                    Reasons.INVALID_TEMPLATE,
                    "HookTemplate " + ref + " is invalid and cannot run until it is fixed: " + invalid));
            return null;
        }
        Problem policyProblem =
                UsagePolicyCheck.check(template, session.namespace(), catalog.labelsOf(session.namespace()));
        if (policyProblem != null) {
            problems.add(new Problem(at + ".hookTemplate", policyProblem.reason(), policyProblem.message()));
            return null;
        }
        ParamResolver.Resolution params = ParamResolver.resolve(template.spec().params(), hook.params(), at + ".");
        problems.addAll(params.problems());
        if (problems.size() > before) {
            return null;
        }
        try {
            var action = template.spec().action() == null
                    ? null
                    : ActionRenderer.render(template.spec().action(), new RenderContext(session, params.values()));
            return new PlannedHook(
                    index,
                    hook.name(),
                    ref,
                    template.spec().executor(),
                    action,
                    params.values(),
                    timeout,
                    maxRetry,
                    policy,
                    hook.variables(),
                    hook.volumes(),
                    hook.volumeMounts(),
                    hook.runtimeSettings());
        } catch (TemplateException e) {
            problems.add(new Problem(
                    at + ".hookTemplate", e.reason(), "HookTemplate " + ref + " " + e.field() + ": " + e.getMessage()));
            return null;
        }
    }

    private Duration timeoutOf(HookInfo hook, String at, List<Problem> problems) {
        if (blank(hook.timeout())) {
            return config.runs().defaultHookTimeout();
        }
        try {
            Duration timeout = GoDuration.parse(hook.timeout());
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(invalid(at + ".timeout", "must be positive, was " + hook.timeout()));
            } else if (timeout.compareTo(config.runs().maxHookTimeout()) > 0) {
                problems.add(invalid(
                        at + ".timeout",
                        hook.timeout() + " exceeds the maximum "
                                + GoDuration.format(config.runs().maxHookTimeout()) + " (--max-hook-timeout)"));
            }
            return timeout;
        } catch (IllegalArgumentException e) {
            problems.add(invalid(at + ".timeout", e.getMessage()));
            return config.runs().defaultHookTimeout();
        }
    }

    private static String available(CatalogSnapshot catalog) {
        if (catalog.templates().isEmpty()) {
            return "no templates are loaded (check GET /v1/templates and the template source: the --templates "
                    + "directory, or the HookTemplate resources of the cluster)";
        }
        List<String> known = catalog.templates().keySet().stream()
                .map(k -> k.namespace() + "/" + k.name())
                .sorted()
                .limit(10)
                .toList();
        return "loaded templates: " + String.join(", ", known)
                + (catalog.templates().size() > 10 ? ", ..." : "");
    }

    private static Problem invalid(String field, String message) {
        return new Problem(field, Reasons.INVALID_REQUEST, message);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
