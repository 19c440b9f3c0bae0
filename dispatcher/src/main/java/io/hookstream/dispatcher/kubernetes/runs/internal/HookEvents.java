package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warning Events (core v1, the API every cluster serves and a {@code create} on {@code events} allows) on a run's
 * invoker for each hook that ended neither Succeeded nor Skipped: reason {@code Hook<Status>} ({@code HookFailed},
 * {@code HookTimedOut}, {@code HookCancelled}, ...), a bounded message naming the run, the hook and its reason code.
 * An Event's name is derived from the run, the hook and its status, so posting it again (a retry) is a no-op.
 */
public final class HookEvents {

    public static final String COMPONENT = "hookstream-dispatcher";
    static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(HookEvents.class);

    private final KubernetesClient client;
    private final String instance;
    private final Clock clock;
    private final AtomicBoolean forbiddenLogged = new AtomicBoolean();

    public HookEvents(KubernetesClient client, String instance, Clock clock) {
        this.client = client;
        this.instance = instance;
        this.clock = clock;
    }

    /** Whether a hook status (by name) gets an Event: any final status but Succeeded and Skipped. */
    public static boolean reported(String status) {
        return HookRunDocument.isTerminal(status) && !"Succeeded".equals(status) && !"Skipped".equals(status);
    }

    /** The Event's reason for a hook status: {@code Hook} and the status name. */
    public static String reason(String status) {
        return "Hook" + status;
    }

    /** Blocking: creates the Event; returns whether it exists now (created, or created before). */
    public boolean post(RunOutcome view, HookOutcome hook, InvokerResolver.Invoker invoker) {
        Event event = event(view, hook, invoker);
        try {
            client.v1()
                    .events()
                    .inNamespace(event.getMetadata().getNamespace())
                    .resource(event)
                    .create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return true;
            }
            if (e.getCode() == 403 && forbiddenLogged.compareAndSet(false, true)) {
                LOG.warn(
                        "cannot create Events in namespace {} (forbidden): failed hooks are not reported on their "
                                + "invokers; grant the dispatcher 'create' on events there (docs/kubernetes.md, \"RBAC\"). "
                                + "Further failures are logged at DEBUG",
                        event.getMetadata().getNamespace());
            } else {
                LOG.debug("runId={} Event {} not created: {}", view.runId(), event.getReason(), e.getMessage());
            }
            return false;
        }
    }

    Event event(RunOutcome view, HookOutcome hook, InvokerResolver.Invoker invoker) {
        String status = HookRunDocument.statusName(hook.status());
        String name = HookRunNames.of(view.runId()) + "." + hook.index() + "-" + status.toLowerCase(Locale.ROOT);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(invoker.ref().namespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(invoker.apiVersion())
                .withKind(invoker.ref().kind())
                .withNamespace(invoker.ref().namespace())
                .withName(invoker.ref().name())
                .withUid(invoker.uid())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason(status))
                .withMessage(message(view, hook))
                .withAction("RunHook")
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
    }

    static String message(RunOutcome view, HookOutcome hook) {
        StringBuilder text = new StringBuilder("run ")
                .append(view.runId())
                .append(": hook '")
                .append(hook.name())
                .append("' (")
                .append(hook.index() + 1)
                .append(" of ")
                .append(view.hooks().size())
                .append(") ")
                .append(HookRunDocument.statusName(hook.status()));
        if (hook.reason() != null) {
            text.append(" (").append(hook.reason()).append(')');
        }
        if (hook.attempts() != null) {
            text.append(" after ").append(hook.attempts()).append(" attempt(s)");
        }
        if (hook.message() != null && !hook.message().isBlank()) {
            text.append(": ").append(hook.message().strip());
        }
        return HookRunDocument.bounded(text.toString(), MAX_MESSAGE);
    }
}
