package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.worker.executor.ExecutionLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a rendered action into the steps the Operator executor runs, in KubeStash order exec, httpGet,
 * httpPost, tcpSocket, and owns what they share: the exec pool and the HTTP and TCP clients (the process spawner
 * is the JVM's, shared).
 */
public final class StepFactory {

    /** Name of the shared worker pool that prepares exec directories, reads output and stops process trees. */
    public static final String EXEC_POOL_NAME = "hookstream-exec";

    private final Vertx vertx;
    private final WorkerExecutor execPool;
    private static final int HTTP_CONNECTIONS_PER_HOST = 256;

    private final HttpClient httpClient;
    private final NetClient netClient;
    private final int maxOutputBytes;
    private final Duration killGracePeriod;
    private final Map<String, String> workerEnvironment;
    private final ExecutionLimits limits;
    private final ExecPolicy execPolicy;
    private final NetworkPolicy networkPolicy;
    private final ProcessSpawner spawner;

    /**
     * @param spawner starts the exec processes (the JVM's {@link ProcessSpawner#shared()} in production)
     * @throws IllegalArgumentException when an {@code --exec-allow} entry names no executable file
     */
    public StepFactory(
            Vertx vertx,
            int execPoolSize,
            int maxOutputBytes,
            Duration killGracePeriod,
            Map<String, String> workerEnvironment,
            ExecutionLimits limits,
            ProcessSpawner spawner) {
        this.spawner = spawner;
        this.limits = limits;
        this.execPolicy = ExecPolicy.of(limits.execAllow(), limits.execDisabled(), workerEnvironment.get("PATH"));
        this.vertx = vertx;
        this.execPool = vertx.createSharedWorkerExecutor(EXEC_POOL_NAME, execPoolSize);
        // Vert.x pools 5 connections per host:port by default: far fewer than the hooks a worker runs at once
        // against one service, so the pool is sized past any in-flight bound (the bound caps it in practice)
        this.httpClient = vertx.createHttpClient(
                new HttpClientOptions().setVerifyHost(true).setTrustAll(false),
                new PoolOptions().setHttp1MaxSize(HTTP_CONNECTIONS_PER_HOST));
        this.netClient = vertx.createNetClient(new NetClientOptions());
        this.maxOutputBytes = maxOutputBytes;
        this.killGracePeriod = killGracePeriod;
        this.workerEnvironment = Map.copyOf(workerEnvironment);
        this.networkPolicy = new NetworkPolicy(limits.netAllow(), limits.netDeny(), execPool);
    }

    /**
     * The steps of {@code action}, checked before anything runs.
     *
     * @throws InvalidActionException when the action is empty or any part of it cannot run as written
     */
    public List<Step> plan(HookAction action, Map<String, String> params, String runId, String hookName)
            throws InvalidActionException {
        if (action == null || action.isEmpty()) {
            throw new InvalidActionException("action is empty: set at least one of action.exec, action.httpGet,"
                    + " action.httpPost or action.tcpSocket");
        }
        List<Step> steps = new ArrayList<>();
        if (action.exec() != null) {
            steps.add(new ExecStep(
                    vertx,
                    execPool,
                    spawner,
                    command(action.exec()),
                    CleanEnvironment.of(
                            workerEnvironment, params, runId, hookName, limits.maxEnvVars(), limits.maxEnvBytes()),
                    maxOutputBytes,
                    killGracePeriod,
                    execPolicy));
        }
        if (action.httpGet() != null) {
            steps.add(new HttpStep(
                    vertx, httpClient, HttpRequestSpec.get(action.httpGet()), networkPolicy, limits.maxRedirects()));
        }
        if (action.httpPost() != null) {
            steps.add(new HttpStep(
                    vertx, httpClient, HttpRequestSpec.post(action.httpPost()), networkPolicy, limits.maxRedirects()));
        }
        if (action.tcpSocket() != null) {
            steps.add(new TcpStep(
                    vertx,
                    netClient,
                    Endpoint.of(
                            "action.tcpSocket",
                            null,
                            action.tcpSocket().host(),
                            action.tcpSocket().port()),
                    networkPolicy));
        }
        return steps;
    }

    private static List<String> command(ExecAction exec) throws InvalidActionException {
        List<String> command = exec.command();
        if (command == null
                || command.isEmpty()
                || command.get(0) == null
                || command.get(0).isBlank()) {
            throw new InvalidActionException("action.exec.command is empty: give the program and its arguments,"
                    + " such as [\"/bin/sh\", \"-c\", \"pg_dump ...\"]");
        }
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (argument == null || argument.indexOf('\0') >= 0) {
                throw new InvalidActionException("action.exec.command[" + i + "] is null or holds a NUL"
                        + " character: every item must be a plain string");
            }
        }
        return command;
    }

    /** Closes the exec pool and the clients. */
    public Future<Void> close() {
        return Future.join(execPool.close(), httpClient.close(), netClient.close())
                .mapEmpty();
    }
}
