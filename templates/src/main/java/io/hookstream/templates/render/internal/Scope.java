package io.hookstream.templates.render.internal;

import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.SessionPhase;
import io.hookstream.schemas.event.SessionStatus;
import io.hookstream.schemas.event.SessionSummary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data a template sees as {@code .}: KubeStash's session Summary with its Go field names and JSON tags
 * ({@code .Name}, {@code .Namespace}, {@code .Invoker.{APIGroup,Kind,Name}},
 * {@code .Target.{APIGroup,Kind,Namespace,Name}}, {@code .Status.{Phase,Duration,Error}}) plus hookstream's
 * {@code .Params}.
 */
public record Scope(GoStruct root) {

    /** The scope of one hook run. */
    public static Scope of(SessionSummary session, Map<String, String> params) {
        SessionSummary s = session == null ? new SessionSummary(null, null, null, null, null) : session;
        return new Scope(new GoStruct(
                "the session summary",
                false,
                List.of(
                        new GoStruct.GoField("Name", "name", text(s.name())),
                        new GoStruct.GoField("Namespace", "namespace", text(s.namespace())),
                        new GoStruct.GoField("Invoker", "invoker", invoker(s.invoker())),
                        new GoStruct.GoField("Target", "target", target(s.target())),
                        new GoStruct.GoField("Status", "status", status(s.status())),
                        new GoStruct.GoField("Params", null, ParamValues.of(params == null ? Map.of() : params)))));
    }

    /** A scope with every field and each declared param set to a sample value, for validation. */
    public static Scope sample(Set<String> declaredParams) {
        Map<String, String> params = new TreeMap<>();
        declaredParams.forEach(name -> params.put(name, "sample"));
        return of(
                new SessionSummary(
                        "sample-session",
                        "sample-namespace",
                        new ObjectReference("core.kubestash.com", "BackupConfiguration", "sample-namespace", "sample"),
                        new ObjectReference("apps", "StatefulSet", "sample-namespace", "sample"),
                        new SessionStatus(SessionPhase.Succeeded, "1m0s", "sample")),
                params);
    }

    private static GoStruct invoker(ObjectReference ref) {
        ObjectReference r = ref == null ? new ObjectReference(null, null, null, null) : ref;
        return new GoStruct(
                ".Invoker",
                ref == null,
                List.of(
                        new GoStruct.GoField("APIGroup", "apiGroup", text(r.apiGroup())),
                        new GoStruct.GoField("Kind", "kind", text(r.kind())),
                        new GoStruct.GoField("Name", "name", text(r.name()))));
    }

    private static GoStruct target(ObjectReference ref) {
        ObjectReference r = ref == null ? new ObjectReference(null, null, null, null) : ref;
        return new GoStruct(
                ".Target",
                ref == null,
                List.of(
                        new GoStruct.GoField("APIGroup", "apiGroup", text(r.apiGroup())),
                        new GoStruct.GoField("Kind", "kind", text(r.kind())),
                        new GoStruct.GoField("Namespace", "namespace", text(r.namespace())),
                        new GoStruct.GoField("Name", "name", text(r.name()))));
    }

    private static GoStruct status(SessionStatus status) {
        SessionStatus s = status == null ? new SessionStatus(null, null, null) : status;
        return new GoStruct(
                ".Status",
                status == null,
                List.of(
                        new GoStruct.GoField(
                                "Phase",
                                "phase",
                                s.phase() == null ? "" : s.phase().name()),
                        new GoStruct.GoField("Duration", "duration", text(s.duration())),
                        new GoStruct.GoField("Error", "error", text(s.error()))));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Resolves a field chain such as {@code .Invoker.Kind} or {@code .Params.NAME}. */
    public Object resolve(Expr.Field field) {
        Object current = root;
        StringBuilder path = new StringBuilder();
        for (String name : field.names()) {
            if (current instanceof GoStruct struct) {
                String owner = path.length() == 0 ? "the session summary" : path.toString();
                current = struct.field(name)
                        .orElseThrow(() -> new TemplateError("unknown field ." + name + " in " + owner + "; it has "
                                + struct.fieldList() + " (field names are case-sensitive)"))
                        .value();
            } else if (current instanceof ParamValues params) {
                String value = params.values().get(name);
                if (value == null) {
                    throw new TemplateError("param '" + name + "' is not declared in spec.params; declare it or"
                            + " use one of the declared params " + declared(params));
                }
                current = value;
            } else {
                throw new TemplateError(
                        "cannot read field ." + name + " of " + path + ": it is " + Printer.typeName(current));
            }
            path.append('.').append(name);
        }
        return current;
    }

    private static String declared(ParamValues params) {
        return params.values().isEmpty()
                ? "(none are declared)"
                : String.valueOf(params.values().keySet());
    }
}
