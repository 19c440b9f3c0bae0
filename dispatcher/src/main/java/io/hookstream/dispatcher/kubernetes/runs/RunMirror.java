package io.hookstream.dispatcher.kubernetes.runs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.RunListener;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookEvents;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunDocument;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunSweeper;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunWriter;
import io.hookstream.dispatcher.kubernetes.runs.internal.InvokerResolver;
import io.hookstream.dispatcher.kubernetes.runs.internal.MirrorQueue;
import io.hookstream.dispatcher.kubernetes.runs.internal.RunApplier;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.RunOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the dispatcher's runs into Kubernetes, best effort: each run as a {@code HookRun} in its invoker's
 * namespace, and each hook that failed, timed out or was cancelled as a Warning Event on the invoker. It hears the
 * committed views ({@link RunListener}), keeps the latest per run in a bounded queue, and writes them on its own
 * {@value #THREAD_NAME} threads: the dispatcher's loop never waits for the API server, and no answer of it (409,
 * 410, 403, 5xx, none) touches a run. Forbidden (403) in a namespace, it logs once what to grant and pauses mirroring
 * into that namespace for {@link Options#pause()}; with the CRD not installed (404), it logs once what to apply and
 * pauses everywhere; views meanwhile are dropped. Finished HookRuns are deleted after the run retention.
 */
public final class RunMirror implements RunListener, AutoCloseable {

    /**
     * @param instance      the dispatcher's instance id (the Events' reportingInstance)
     * @param retention     how long finished HookRuns are kept (the dispatcher's {@code --run-retention})
     * @param threads       writer threads (each holds one API call at a time)
     * @param queueBound    runs whose latest view may wait at once
     * @param pause         how long mirroring stops after a 403 or a missing CRD before it tries again
     * @param sweepInterval how often finished HookRuns past the retention are deleted
     */
    public record Options(
            String instance, Duration retention, int threads, int queueBound, Duration pause, Duration sweepInterval) {

        /** The dispatcher's defaults: 2 threads, 10,000 runs queued, a 5 minute pause, sweeps every retention/4 (1s..10m). */
        public static Options defaults(String instance, Duration retention) {
            Duration sweep = retention.dividedBy(4);
            sweep = sweep.compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1)
                    : sweep.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : sweep;
            return new Options(instance, retention, 2, 10_000, Duration.ofMinutes(5), sweep);
        }
    }

    static final String THREAD_NAME = "hookstream-run-mirror";
    private static final String EVERYWHERE = "";
    private static final Logger LOG = LoggerFactory.getLogger(RunMirror.class);

    private final KubernetesClient client;
    private final Options options;
    private final MeterRegistry registry;
    private final MirrorQueue queue;
    private final RunApplier applier;
    private final HookRunSweeper sweeper;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService sweeps;
    /** Until when (System.nanoTime) mirroring is paused: everywhere (key "") or in one namespace (403). */
    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

    private final Set<String> pauseLogged = ConcurrentHashMap.newKeySet();

    private RunMirror(KubernetesClient client, Options options, MeterRegistry registry) {
        this.client = client;
        this.options = options;
        this.registry = registry;
        this.queue = new MirrorQueue(options.queueBound());
        this.applier = new RunApplier(
                new HookRunWriter(client),
                new InvokerResolver(client),
                new HookEvents(client, options.instance(), Clock.systemUTC()));
        this.sweeper = new HookRunSweeper(client);
        this.sweeps = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, THREAD_NAME + "-sweep"));
        Gauge.builder("hookstream.kubernetes.run.mirror.queued", queue, MirrorQueue::size)
                .description("runs whose latest view waits to be mirrored as a HookRun")
                .register(registry);
        Gauge.builder("hookstream.kubernetes.run.mirror.paused", this, m -> m.pausedAnywhere() ? 1 : 0)
                .description("1 while HookRun mirroring is paused (forbidden, or the CRD missing)")
                .register(registry);
    }

    /** Starts the writer threads and the retention sweep; makes no API call itself. */
    public static RunMirror start(KubernetesClient client, Options options, MeterRegistry registry) {
        RunMirror mirror = new RunMirror(client, options, registry);
        for (int i = 0; i < options.threads(); i++) {
            Thread thread = daemon(mirror::writeLoop, THREAD_NAME + "-" + i);
            mirror.threads.add(thread);
            thread.start();
        }
        long every = options.sweepInterval().toMillis();
        mirror.sweeps.scheduleWithFixedDelay(mirror::sweep, every, every, TimeUnit.MILLISECONDS);
        return mirror;
    }

    /**
     * The dispatcher's mirror: started when {@code --kubernetes-run-mirror} is on (the default) and the dispatcher
     * has a Kubernetes client ({@code --template-source kubernetes}, or the standalone's shared one), else none
     * ({@link RunListener#NONE}). Logs either way whether and where runs are mirrored.
     */
    public static RunListener forDispatcher(
            DispatcherConfig config, Optional<KubernetesClient> client, MeterRegistry registry) {
        if (!config.kubernetesRunMirror()) {
            LOG.info("runs are not mirrored to Kubernetes (--{}=false)", DispatcherConfig.KUBERNETES_RUN_MIRROR);
            return RunListener.NONE;
        }
        if (client.isEmpty()) {
            LOG.info("runs are not mirrored to Kubernetes: the dispatcher has no Kubernetes client (it has one with "
                    + "--template-source kubernetes)");
            return RunListener.NONE;
        }
        RunMirror mirror = start(
                client.get(),
                Options.defaults(config.kafka().instanceId(), config.runs().retention()),
                registry);
        LOG.info("runs are mirrored as {}", mirror.describe());
        return mirror;
    }

    /** Where runs are mirrored, for the start-up log. */
    public String describe() {
        return "HookRuns (" + HookRunResources.PLURAL + "." + HookRunResources.GROUP + "/" + HookRunResources.VERSION
                + ") in each invoker's namespace on "
                + client.getConfiguration().getMasterUrl()
                + ", Warning Events on invokers of failed hooks; finished ones deleted after "
                + GoDuration.format(options.retention());
    }

    @Override
    public void committed(RunOutcome view) {
        offer(view, false);
    }

    @Override
    public void restored(RunOutcome view) {
        offer(view, true);
    }

    @Override
    public void dropped(String runId) {
        try {
            queue.discard(runId);
            applier.forget(runId);
        } catch (RuntimeException e) {
            LOG.debug("runId={} not forgotten by the mirror: {}", runId, e.toString());
        }
    }

    private void offer(RunOutcome view, boolean restored) {
        try {
            if (!HookRunDocument.mirrorable(view)) {
                return;
            }
            if (paused(view.invoker().namespace())) {
                drop("paused", view.status().isTerminal());
                return;
            }
            MirrorQueue.Dropped dropped = queue.offer(new MirrorQueue.Item(view, restored));
            if (dropped != null) {
                drop(dropped.reason(), dropped.terminal());
            }
        } catch (RuntimeException e) { // never the run's problem
            LOG.debug("runId={} not mirrored: {}", view.runId(), e.toString());
        }
    }

    private void writeLoop() {
        while (true) {
            MirrorQueue.Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                return;
            }
            String runId = item.view().runId();
            try {
                if (paused(item.view().invoker().namespace())) {
                    drop("paused", item.view().status().isTerminal());
                    continue;
                }
                HookRunWriter.Result result = applier.apply(item);
                count(result);
                if (result == HookRunWriter.Result.FORBIDDEN || result == HookRunWriter.Result.NOT_INSTALLED) {
                    pause(result, item.view());
                }
            } catch (RuntimeException e) {
                count(HookRunWriter.Result.FAILED);
                LOG.debug("runId={} HookRun not written: {}", runId, e.toString());
            } finally {
                queue.done(runId);
            }
        }
    }

    /**
     * A 403 pauses mirroring into the view's namespace (RBAC may be bound per namespace), a missing CRD pauses it
     * everywhere (the pending views are dropped at once); each is logged at WARN once per namespace, then at DEBUG.
     */
    private void pause(HookRunWriter.Result why, RunOutcome view) {
        boolean forbidden = why == HookRunWriter.Result.FORBIDDEN;
        String scope = forbidden ? view.invoker().namespace() : EVERYWHERE;
        pausedUntil.put(scope, System.nanoTime() + options.pause().toNanos());
        if (!forbidden) {
            int dropped = queue.clear();
            if (dropped > 0) {
                Counter.builder("hookstream.kubernetes.run.mirror.dropped")
                        .tag("reason", "paused")
                        .tag("terminal", "any")
                        .description("run views not mirrored")
                        .register(registry)
                        .increment(dropped);
            }
        }
        String what = forbidden
                ? "the dispatcher may not write HookRuns in namespace "
                        + view.invoker().namespace() + " (403): grant "
                        + "its service account, with a ClusterRole (or a Role in each invoker namespace), the rules "
                        + "{apiGroups: [hookstream.io], resources: [hookruns], verbs: [get, list, create, delete]}, "
                        + "{apiGroups: [hookstream.io], resources: [hookruns/status], verbs: [update]} and "
                        + "{apiGroups: [\"\"], resources: [events], verbs: [create]} (deploy/kubernetes/base/dispatcher-rbac.yaml)"
                : "the API server does not serve hookruns.hookstream.io: apply the CRD "
                        + "deploy/kubernetes/base/crds/hookruns.hookstream.io.yaml";
        String action = "runs " + (forbidden ? "of namespace " + scope + " " : "") + "are not mirrored for "
                + GoDuration.format(options.pause()) + ", then tried again; runs themselves are unaffected (set "
                + "--kubernetes-run-mirror=false to stop trying)";
        if (pauseLogged.add(scope)) {
            LOG.warn("{}; {}", what, action);
        } else {
            LOG.debug("{}; {}", what, action);
        }
    }

    private boolean paused(String namespace) {
        return paused(pausedUntil.get(EVERYWHERE)) || paused(pausedUntil.get(namespace));
    }

    private boolean pausedAnywhere() {
        return pausedUntil.values().stream().anyMatch(RunMirror::paused);
    }

    private static boolean paused(Long until) {
        return until != null && System.nanoTime() - until < 0;
    }

    private void sweep() {
        try {
            Instant cutoff = Instant.now().minus(options.retention());
            int deleted = sweeper.sweep(cutoff, applier.namespaces());
            applier.forgetOlderThan(cutoff);
            if (deleted > 0) {
                LOG.info(
                        "deleted {} HookRuns of runs finished more than {} ago",
                        deleted,
                        GoDuration.format(options.retention()));
                Counter.builder("hookstream.kubernetes.run.mirror.deleted")
                        .description("finished HookRuns deleted after the run retention")
                        .register(registry)
                        .increment(deleted);
            }
        } catch (RuntimeException e) {
            LOG.debug("HookRun retention sweep failed: {}", e.toString());
        }
    }

    private void drop(String reason, boolean terminal) {
        Counter.builder("hookstream.kubernetes.run.mirror.dropped")
                .description("run views not mirrored")
                .tag("reason", reason)
                .tag("terminal", Boolean.toString(terminal))
                .register(registry)
                .increment();
    }

    private void count(HookRunWriter.Result result) {
        Counter.builder("hookstream.kubernetes.run.mirror.writes")
                .description("HookRun writes by result")
                .tag("result", result.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Stops the writer threads (views still queued are not written: the partition's next owner restores them). */
    @Override
    public void close() {
        queue.close();
        sweeps.shutdownNow();
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
