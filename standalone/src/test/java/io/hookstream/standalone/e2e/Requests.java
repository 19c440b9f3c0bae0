package io.hookstream.standalone.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.Json;
import java.util.Map;

/** Builds run requests as JSON trees, the way an orchestrator would write them. */
final class Requests {

    private final ObjectNode root = Json.mapper().createObjectNode();
    private final ArrayNode hooks;

    private Requests(String phase, String namespace) {
        root.put("phase", phase);
        ObjectNode session = root.putObject("session");
        session.put("name", "mysql-backup-1732665600");
        session.put("namespace", namespace);
        ObjectNode invoker = session.putObject("invoker");
        invoker.put("apiGroup", "core.kubestash.com");
        invoker.put("kind", "BackupConfiguration");
        invoker.put("name", "mysql-backup");
        ObjectNode target = session.putObject("target");
        target.put("apiGroup", "apps");
        target.put("kind", "StatefulSet");
        target.put("namespace", namespace);
        target.put("name", "mysql");
        hooks = root.putArray("hooks");
    }

    /** A request of any phase; post-backup and post-restore get a Succeeded session status. */
    static Requests of(String phase, String namespace) {
        return phase.startsWith("post-") ? withStatus(phase, namespace, "Succeeded") : new Requests(phase, namespace);
    }

    static Requests preBackup(String namespace) {
        return new Requests("pre-backup", namespace);
    }

    static Requests postBackup(String namespace, String sessionPhase) {
        return withStatus("post-backup", namespace, sessionPhase);
    }

    private static Requests withStatus(String phase, String namespace, String sessionPhase) {
        Requests requests = new Requests(phase, namespace);
        ObjectNode status = ((ObjectNode) requests.root.get("session")).putObject("status");
        status.put("phase", sessionPhase);
        status.put("duration", "1m3s");
        status.put("error", sessionPhase.equals("Failed") ? "snapshot failed: quota" : "");
        return requests;
    }

    Requests hook(String name, String template, Map<String, String> params) {
        return hook(name, template, null, params, null, null, null);
    }

    Requests hook(
            String name,
            String template,
            String templateNamespace,
            Map<String, String> params,
            Integer maxRetry,
            String timeout,
            String executionPolicy) {
        ObjectNode hook = hooks.addObject();
        hook.put("name", name);
        ObjectNode ref = hook.putObject("hookTemplate");
        ref.put("name", template);
        if (templateNamespace != null) {
            ref.put("namespace", templateNamespace);
        }
        if (params != null) {
            ObjectNode p = hook.putObject("params");
            params.forEach(p::put);
        }
        if (maxRetry != null) {
            hook.put("maxRetry", maxRetry);
        }
        if (timeout != null) {
            hook.put("timeout", timeout);
        }
        if (executionPolicy != null) {
            hook.put("executionPolicy", executionPolicy);
        }
        return this;
    }

    ObjectNode json() {
        return root.deepCopy();
    }
}
