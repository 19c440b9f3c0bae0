package io.hookstream.templates.render;

import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.SessionPhase;
import io.hookstream.schemas.event.SessionStatus;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import java.util.List;
import java.util.Map;

/** Shared sessions and helpers for the rendering tests. */
final class Fixtures {

    static final SessionSummary SESSION = new SessionSummary(
            "app-backup-1700000000",
            "demo",
            new ObjectReference("core.kubestash.com", "BackupConfiguration", "demo", "app-backup"),
            new ObjectReference("apps", "StatefulSet", "demo", "mysql"),
            new SessionStatus(SessionPhase.Failed, "1m30s", "repository \"s3\" unreachable"));

    static final SessionSummary BARE = new SessionSummary("s1", "demo", null, null, null);

    private Fixtures() {}

    /** Renders a template as an httpPost body (verbatim values). */
    static String body(String template, SessionSummary session, Map<String, String> params) {
        HookAction action = new HookAction(
                null,
                null,
                new HttpPostAction("/hook", IntOrString.of(8080), null, null, null, template, null),
                null,
                null);
        return ActionRenderer.render(action, new RenderContext(session, params))
                .httpPost()
                .body();
    }

    static String body(String template) {
        return body(template, SESSION, Map.of("TARGET_DB", "orders", "EMPTY", ""));
    }

    /** Renders an exec command. */
    static List<String> exec(List<String> command, Map<String, String> params) {
        HookAction action = new HookAction(new ExecAction(command), null, null, null, null);
        return ActionRenderer.render(action, new RenderContext(SESSION, params))
                .exec()
                .command();
    }

    /** Renders {@code sh -c SCRIPT} with one param X and returns the rendered script. */
    static String script(String script, String x) {
        return exec(List.of("/bin/sh", "-c", script), Map.of("X", x)).get(2);
    }
}
