package io.hookstream.loadtest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.loadtest.Action;
import io.hookstream.loadtest.LoadTestException;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The run requests of a pass: each run is {@code hooksPerRun} hooks of the action's template, phase pre-backup,
 * in namespace {@value HookTemplates#NAMESPACE}. The echo action's payload is random letters of the given size; the
 * http action's hooks each carry their own hook id (run id / index, as the dispatcher makes it) in the
 * {@value HookTemplates#HOOK_ID_PARAM} param, which they post to the tool's server.
 */
public final class RunRequests {

    private final RunRequest template;
    private final boolean hookIdParam;

    public RunRequests(Action action, int hooksPerRun, Duration hookTimeout, int payloadBytes, long seed) {
        Map<String, Object> params =
                action == Action.ECHO ? Map.of(HookTemplates.PAYLOAD_PARAM, payload(payloadBytes, seed)) : null;
        List<HookInfo> hooks = new ArrayList<>();
        for (int i = 0; i < hooksPerRun; i++) {
            hooks.add(new HookInfo(
                    "h" + i,
                    new TemplateRef(action.templateName(), HookTemplates.NAMESPACE),
                    params,
                    0,
                    GoDuration.format(hookTimeout),
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        this.template = new RunRequest(
                null,
                Phase.PRE_BACKUP,
                new SessionSummary(
                        "loadtest",
                        HookTemplates.NAMESPACE,
                        new ObjectReference("core.kubestash.com", "BackupConfiguration", null, "loadtest"),
                        null,
                        null),
                hooks);
        this.hookIdParam = action.identifiesHook();
    }

    /** The JSON of the run request with this run id. */
    public byte[] request(String runId) {
        try {
            return Json.mapper().writeValueAsBytes(hookIdParam ? withHookIds(runId) : template.withRunId(runId));
        } catch (JsonProcessingException e) {
            throw new LoadTestException("RequestNotWritable", "cannot write a run request: " + e.getMessage(), e);
        }
    }

    private RunRequest withHookIds(String runId) {
        List<HookInfo> hooks = new ArrayList<>(template.hooks().size());
        for (int i = 0; i < template.hooks().size(); i++) {
            HookInfo h = template.hooks().get(i);
            hooks.add(new HookInfo(
                    h.name(),
                    h.hookTemplate(),
                    Map.of(HookTemplates.HOOK_ID_PARAM, HookEvent.hookIdOf(runId, i)),
                    h.maxRetry(),
                    h.timeout(),
                    h.executionPolicy(),
                    h.variables(),
                    h.volumes(),
                    h.volumeMounts(),
                    h.runtimeSettings()));
        }
        return new RunRequest(runId, template.phase(), template.session(), hooks);
    }

    static String payload(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
