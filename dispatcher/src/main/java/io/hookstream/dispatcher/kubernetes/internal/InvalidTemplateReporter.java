package io.hookstream.dispatcher.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.Problem;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a HookTemplate resource that is not served: a WARN log naming namespace/name and each field, and a
 * Warning Event (reason {@value #REASON}) on the resource; the caller reports each version once. Events are best effort:
 * they are created on the blocking executor, and a failure (forbidden by RBAC above all) is logged once at
 * WARN, later ones at DEBUG.
 */
public final class InvalidTemplateReporter {

    /** The reason of the Events on invalid HookTemplates. */
    public static final String REASON = "InvalidHookTemplate";

    static final String COMPONENT = "hookstream-dispatcher";
    private static final int MAX_MESSAGE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(InvalidTemplateReporter.class);

    private final KubernetesClient client;
    private final Executor blocking;
    private final String instance;
    private final Clock clock;
    private final AtomicBoolean eventFailureLogged = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param blocking runs the Event creation (a blocking API call)
     * @param instance the reporting instance named in Events (the dispatcher's instance id)
     */
    public InvalidTemplateReporter(KubernetesClient client, Executor blocking, String instance, Clock clock) {
        this.client = client;
        this.blocking = blocking;
        this.instance = instance;
        this.clock = clock;
    }

    /** Logs the {@code problems} of {@code resource} and creates an Event on it (asynchronously). */
    public void report(GenericKubernetesResource resource, List<Problem> problems) {
        ObjectMeta meta = resource.getMetadata();
        String key = meta.getNamespace() + "/" + meta.getName();
        for (Problem problem : problems) {
            LOG.warn(
                    "HookTemplate {} is invalid and not served: {}: {}",
                    key,
                    problem.field() == null || problem.field().isEmpty() ? "(document)" : problem.field(),
                    problem.message());
        }
        Event event = eventFor(resource, problems);
        blocking.execute(() -> create(event, key));
    }

    private Event eventFor(GenericKubernetesResource resource, List<Problem> problems) {
        ObjectMeta meta = resource.getMetadata();
        String message = "not served until fixed: "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 3) + "...";
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        // named like kubectl's events: <object>.<unique hex>
        String name =
                meta.getName() + "." + Long.toHexString(clock.millis() * 1000 + sequence.incrementAndGet() % 1000);
        return new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(meta.getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withNamespace(meta.getNamespace())
                .withName(meta.getName())
                .withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(REASON)
                .withMessage(message)
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

    private void create(Event event, String key) {
        try {
            client.v1()
                    .events()
                    .inNamespace(event.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            String what = e.getCode() == 403
                    ? "forbidden: grant the dispatcher's service account 'create' on events in that namespace"
                    : e.getCode() + " " + e.getMessage();
            if (eventFailureLogged.compareAndSet(false, true)) {
                LOG.warn(
                        "cannot create an {} Event on HookTemplate {} ({}); the problems are only logged from now "
                                + "on, further failures at DEBUG",
                        REASON,
                        key,
                        what);
            } else {
                LOG.debug("cannot create an {} Event on HookTemplate {}: {}", REASON, key, what);
            }
        }
    }
}
