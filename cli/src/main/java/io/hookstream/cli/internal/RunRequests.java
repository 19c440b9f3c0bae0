package io.hookstream.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.cli.CliException;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the run request {@code hookstream run} publishes: read from a file (or stdin) and checked against the
 * contract, or assembled from flags. Every problem is a usage error (exit code 2) naming what to fix.
 */
public final class RunRequests {

    /** The run ids the dispatcher accepts. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    /** The API group of KubeStash's invokers (BackupConfiguration, RestoreSession). */
    public static final String KUBESTASH_GROUP = "core.kubestash.com";

    private static final Pattern SECRET = Pattern.compile("PASSWORD|TOKEN|SECRET|KEY|CREDENTIAL");

    private RunRequests() {}

    /** The request in {@code file} ({@code -}: {@code stdin}), JSON as on the requests topic. */
    public static RunRequest read(String file, InputStream stdin) {
        String where = "-".equals(file) ? "stdin" : file;
        byte[] bytes;
        try {
            bytes = "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw usage("run request file " + file + " does not exist; give a JSON run request (see README: Run "
                    + "requests) or - for stdin");
        } catch (IOException e) {
            throw usage("cannot read " + where + ": " + e.getMessage());
        }
        try {
            JsonNode tree = Json.mapper().readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw usage(where + " holds no JSON object; expected a run request {\"phase\", \"session\", "
                        + "\"hooks\"}");
            }
            // parsed again from the bytes, so that a binding error knows its line
            return Json.mapper().readValue(bytes, RunRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw usage(where + " is not a valid run request (line "
                    + e.getLocation().getLineNr() + "): unknown field '"
                    + path(e) + "'; known fields there: "
                    + new TreeSet<>(e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .toList()));
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 0
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ")";
            throw usage(where + " is not a valid run request" + line + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e instanceof JsonMappingException m && !path(m).isEmpty() ? " at " + path(m) : ""));
        } catch (IOException e) {
            throw usage("cannot read " + where + ": " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A request from flags; {@code hooks} as {@code name=template}, {@code params} as {@code [HOOK:]KEY=VALUE}. */
    public static RunRequest fromFlags(
            String phase,
            String invoker,
            String target,
            String session,
            List<String> hooks,
            List<String> params,
            String hookTimeout,
            Integer maxRetry,
            Clock clock) {
        if (phase == null || invoker == null || hooks.isEmpty()) {
            throw usage("give --phase, --invoker and at least one --hook (or a request file with -f)");
        }
        Phase parsedPhase;
        try {
            parsedPhase = Phase.fromWireName(phase);
        } catch (IllegalArgumentException e) {
            throw usage("--phase: " + e.getMessage());
        }
        ObjectReference invokerRef = reference("--invoker", invoker, KUBESTASH_GROUP);
        ObjectReference targetRef = target == null ? null : reference("--target", target, null);
        String sessionName = session != null
                ? session
                : invokerRef.name() + "-" + clock.instant().getEpochSecond();
        Map<String, Map<String, Object>> paramsByHook = new LinkedHashMap<>();
        List<String[]> parsedHooks = new ArrayList<>();
        for (String hook : hooks) {
            String[] parts = split(hook, '=', "--hook", "NAME=TEMPLATE, e.g. pause=demo/mysql-pause");
            if (paramsByHook.put(parts[0], new LinkedHashMap<>()) != null) {
                throw usage("--hook " + hook + ": hook name '" + parts[0] + "' is given twice; names must be unique");
            }
            parsedHooks.add(parts);
        }
        for (String param : params) {
            String[] parts = split(param, '=', "--param", "KEY=VALUE or HOOK:KEY=VALUE");
            int colon = parts[0].indexOf(':');
            if (colon < 0) {
                paramsByHook.values().forEach(values -> values.put(parts[0], parts[1]));
            } else {
                String hook = parts[0].substring(0, colon);
                Map<String, Object> values = paramsByHook.get(hook);
                if (values == null) {
                    throw usage("--param " + param + ": no --hook is named '" + hook + "'");
                }
                values.put(parts[0].substring(colon + 1), parts[1]);
            }
        }
        List<HookInfo> hookInfos = new ArrayList<>();
        for (String[] hook : parsedHooks) {
            TemplateRef template = templateRef(hook[1], invokerRef.namespace());
            Map<String, Object> values = paramsByHook.get(hook[0]);
            hookInfos.add(new HookInfo(
                    hook[0],
                    template,
                    values.isEmpty() ? null : values,
                    maxRetry,
                    hookTimeout,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        SessionSummary summary = new SessionSummary(
                sessionName,
                invokerRef.namespace(),
                new ObjectReference(invokerRef.apiGroup(), invokerRef.kind(), null, invokerRef.name()),
                targetRef,
                null);
        return new RunRequest(null, parsedPhase, summary, hookInfos);
    }

    /** {@code request} with {@code runId}, else its own, else a fresh UUID; an id the dispatcher refuses fails. */
    public static RunRequest withRunId(RunRequest request, String runId) {
        String id = runId != null
                ? runId
                : request.runId() != null ? request.runId() : UUID.randomUUID().toString();
        if (!RUN_ID.matcher(id).matches()) {
            throw usage("run id '" + id + "' is invalid: use letters, digits and . _ : - (at most 200, starting "
                    + "with a letter or digit)");
        }
        return request.withRunId(id);
    }

    /** The request as JSON with the value of every secret-looking param ({@code *PASSWORD*}, ...) masked. */
    public static ObjectNode masked(RunRequest request) {
        ObjectNode tree = Json.mapper().valueToTree(request);
        for (JsonNode hook : tree.path("hooks")) {
            if (hook.get("params") instanceof ObjectNode params) {
                params.fieldNames().forEachRemaining(name -> {
                    if (isSecret(name)) {
                        params.put(name, "***");
                    }
                });
            }
        }
        return tree;
    }

    public static boolean isSecret(String name) {
        return SECRET.matcher(name.toUpperCase(Locale.ROOT)).find();
    }

    /** {@code ns/Kind/name}, where Kind may carry its group ({@code Kind.group}). */
    private static ObjectReference reference(String flag, String value, String defaultGroup) {
        String[] parts = value.split("/", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw usage(
                    flag + " " + value + ": expected NAMESPACE/KIND/NAME, e.g. demo/BackupConfiguration/mysql-backup");
        }
        int dot = parts[1].indexOf('.');
        String kind = dot < 0 ? parts[1] : parts[1].substring(0, dot);
        String group = dot < 0 ? defaultGroup : parts[1].substring(dot + 1);
        return new ObjectReference(group, kind, parts[0], parts[2]);
    }

    private static TemplateRef templateRef(String value, String defaultNamespace) {
        String[] parts = value.split("/", -1);
        if (parts.length == 1 && !parts[0].isBlank()) {
            return new TemplateRef(parts[0], defaultNamespace);
        }
        if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
            return new TemplateRef(parts[1], parts[0]);
        }
        throw usage("--hook template '" + value + "': expected NAME or NAMESPACE/NAME of a HookTemplate");
    }

    private static String[] split(String value, char separator, String flag, String form) {
        int at = value.indexOf(separator);
        if (at <= 0) {
            throw usage(flag + " " + value + ": expected " + form);
        }
        return new String[] {value.substring(0, at), value.substring(at + 1)};
    }

    private static CliException usage(String message) {
        return new CliException("InvalidRequest", 2, message);
    }

    /** For tests and callers: the request as compact JSON bytes. */
    public static byte[] bytes(RunRequest request) {
        try {
            return Json.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new CliException("OutputFailed", 1, "cannot write the run request: " + e.getOriginalMessage());
        }
    }
}
