package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.hookstream.dispatcher.kubernetes.runs.HookRunResources;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's committed view as a HookRun: metadata and spec (what was asked, written once at creation) and status (how
 * it goes, written through the status subresource). Statuses are written by name, so a status this class does not
 * know (a newer dispatcher's) is mirrored as it is: only {@code Pending}, {@code Running} and {@code Succeeded} are
 * told apart. Messages and output tails are bounded; they are the view's, whose secret params are already masked.
 */
public final class HookRunDocument {

    static final int MAX_MESSAGE = 1024;
    static final int MAX_OUTPUT = 512;
    static final String SUCCEEDED = "Succeeded";

    private HookRunDocument() {}

    /** Whether the view can be mirrored: it names an invoker (kind, name) and a namespace for it. */
    public static boolean mirrorable(RunOutcome view) {
        ObjectReference invoker = view.invoker();
        return invoker != null && notBlank(invoker.kind()) && notBlank(invoker.name()) && notBlank(invoker.namespace());
    }

    /** The HookRun to create: metadata (name, labels, run id, owner when {@code owner} is known) and spec. */
    public static GenericKubernetesResource resource(RunOutcome view, OwnerReference owner) {
        ObjectReference invoker = view.invoker();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(HookRunResources.MANAGED_BY, HookRunResources.MANAGER);
        labels.put(HookRunResources.INVOKER_KIND, HookRunNames.labelValue(invoker.kind()));
        labels.put(HookRunResources.INVOKER_NAME, HookRunNames.labelValue(invoker.name()));
        if (view.phase() != null) {
            labels.put(HookRunResources.PHASE, view.phase().wireName());
        }
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withName(HookRunNames.of(view.runId()))
                .withNamespace(invoker.namespace())
                .withLabels(labels)
                .withAnnotations(Map.of(HookRunResources.RUN_ID, view.runId()));
        if (owner != null) {
            meta.withOwnerReferences(owner);
        }
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(HookRunResources.API_VERSION);
        resource.setKind(HookRunResources.KIND);
        resource.setMetadata(meta.build());
        resource.setAdditionalProperty("spec", spec(view));
        return resource;
    }

    /** An owner reference to the invoker read from the API: not a controller, and blocking no deletion. */
    public static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    static Map<String, Object> spec(RunOutcome view) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runId", view.runId());
        if (view.phase() != null) {
            spec.put("phase", view.phase().wireName());
        }
        ObjectReference invoker = view.invoker();
        Map<String, Object> ref = new LinkedHashMap<>();
        putIfSet(ref, "apiGroup", invoker.apiGroup());
        ref.put("kind", invoker.kind());
        ref.put("namespace", invoker.namespace());
        ref.put("name", invoker.name());
        spec.put("invoker", ref);
        if (view.session() != null) {
            Map<String, Object> session = new LinkedHashMap<>();
            putIfSet(session, "name", view.session().name());
            putIfSet(session, "namespace", view.session().namespace());
            spec.put("session", session);
        }
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (HookOutcome hook : view.hooks()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", hook.name());
            if (hook.template() != null) {
                Map<String, Object> template = new LinkedHashMap<>();
                putIfSet(template, "name", hook.template().name());
                putIfSet(template, "namespace", hook.template().namespace());
                line.put("template", template);
            }
            hooks.add(line);
        }
        spec.put("hooks", hooks);
        return spec;
    }

    /** The HookRun's status for {@code view}. */
    public static Map<String, Object> status(RunOutcome view) {
        Map<String, Object> status = new LinkedHashMap<>();
        String runStatus = statusName(view.status());
        status.put("status", runStatus);
        putIfSet(status, "reason", view.reason());
        putIfSet(status, "message", bounded(view.message(), MAX_MESSAGE));
        long finished = view.hooks().stream()
                .filter(h -> h.status() != null && isTerminal(statusName(h.status())))
                .count();
        status.put("progress", finished + "/" + view.hooks().size());
        putIfSet(status, "startedAt", time(view.acceptedAt()));
        putIfSet(status, "finishedAt", time(view.finishedAt()));
        if (view.durationMs() != null) {
            status.put("duration", GoDuration.format(Duration.ofMillis(view.durationMs())));
        }
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (HookOutcome hook : view.hooks()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("index", hook.index());
            line.put("name", hook.name());
            line.put("status", statusName(hook.status()));
            putIfSet(line, "reason", hook.reason());
            putIfSet(line, "attempts", hook.attempts());
            if (hook.durationMs() != null) {
                line.put("duration", GoDuration.format(Duration.ofMillis(hook.durationMs())));
            }
            putIfSet(line, "output", tail(hook.message(), MAX_OUTPUT));
            hooks.add(line);
        }
        status.put("hooks", hooks);
        if (view.status().isTerminal()) {
            boolean succeeded = SUCCEEDED.equals(runStatus);
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", succeeded ? "Complete" : "Failed");
            condition.put("status", "True");
            condition.put("reason", succeeded ? SUCCEEDED : view.reason() == null ? runStatus : view.reason());
            condition.put(
                    "message",
                    bounded(
                            view.message() != null
                                    ? view.message()
                                    : "run " + runStatus + ": " + finished + " of "
                                            + view.hooks().size() + " hooks finished",
                            MAX_MESSAGE));
            putIfSet(
                    condition,
                    "lastTransitionTime",
                    time(view.finishedAt() == null ? Instant.now() : view.finishedAt()));
            status.put("conditions", List.of(condition));
        }
        return status;
    }

    /**
     * How far a HookRun status got: each hook counts 0 (Pending), 1 (Running) or 2 (any other status), and a
     * finished run counts past every hook. Statuses only move forward, so a status ranked lower than the one
     * already written is an older view (a previous owner's, after a failover) and is not written over it.
     */
    @SuppressWarnings("unchecked")
    public static int rank(Map<String, Object> status) {
        if (status == null) {
            return -1;
        }
        int rank = 0;
        Object hooks = status.get("hooks");
        if (hooks instanceof List<?> list) {
            for (Object hook : list) {
                Object name = hook instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("status") : null;
                rank += name == null || "Pending".equals(name) ? 0 : "Running".equals(name) ? 1 : 2;
            }
        }
        Object run = status.get("status");
        if (run != null && !"Running".equals(run)) {
            rank += 1_000_000;
        }
        return rank;
    }

    /**
     * A status as the topics and the HTTP API spell it (its JSON name): statuses are handled by that name only, so
     * one added to the schemas later (e.g. Cancelled) is mirrored without a change here.
     */
    public static String statusName(Enum<?> status) {
        return status == null ? "Pending" : Json.mapper().convertValue(status, String.class);
    }

    /** Whether a hook status (by name) is final: anything but Pending and Running. */
    static boolean isTerminal(String status) {
        return !"Pending".equals(status) && !"Running".equals(status);
    }

    static String bounded(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 3) + "...";
    }

    /** The last {@code max} characters of {@code text}, marked as cut at the front. */
    static String tail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return "..." + text.substring(text.length() - (max - 3));
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }
}
