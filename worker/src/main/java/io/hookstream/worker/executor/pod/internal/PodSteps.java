package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.worker.executor.internal.CleanEnvironment;
import io.hookstream.worker.executor.internal.Endpoint;
import io.hookstream.worker.executor.internal.HttpRequestSpec;
import io.hookstream.worker.executor.internal.HttpStep;
import io.hookstream.worker.executor.internal.InvalidActionException;
import io.hookstream.worker.executor.internal.Step;
import io.hookstream.worker.executor.internal.TcpStep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a rendered action into the steps for one pod, in KubeStash order exec, httpGet, httpPost, tcpSocket:
 * exec through the exec API ({@link PodExecStep}); HTTP and TCP with the Operator executor's steps, their host
 * defaulting to the pod IP and a named port looked up in the target container's {@code ports[].name}. Owns the
 * HTTP and TCP clients.
 */
public final class PodSteps {

    private static final int HTTP_CONNECTIONS_PER_HOST = 64;

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final KubernetesClient client;
    private final int maxOutputBytes;
    private final HttpClient httpClient;
    private final NetClient netClient;

    public PodSteps(Vertx vertx, WorkerExecutor pool, KubernetesClient client, int maxOutputBytes) {
        this.vertx = vertx;
        this.pool = pool;
        this.client = client;
        this.maxOutputBytes = maxOutputBytes;
        this.httpClient = vertx.createHttpClient(
                new HttpClientOptions().setVerifyHost(true).setTrustAll(false),
                new PoolOptions().setHttp1MaxSize(HTTP_CONNECTIONS_PER_HOST));
        this.netClient = vertx.createNetClient(new NetClientOptions());
    }

    /**
     * The steps of {@code action} on {@code pod}, whose target container is {@code container}.
     *
     * @throws InvalidActionException when a part of the action cannot run on this pod as written
     */
    public List<Step> plan(
            HookAction action, Pod pod, Container container, Map<String, String> params, String runId, String hookName)
            throws InvalidActionException {
        String podName = pod.getMetadata().getName();
        String namespace = pod.getMetadata().getNamespace();
        List<Step> steps = new ArrayList<>();
        if (action.exec() != null) {
            steps.add(new PodExecStep(
                    vertx,
                    pool,
                    client,
                    namespace,
                    podName,
                    container.getName(),
                    PodCommand.argv(
                            action.exec(), CleanEnvironment.of(Map.of(), params, runId, hookName), !params.isEmpty()),
                    maxOutputBytes));
        }
        if (action.httpGet() != null) {
            HttpGetAction get = action.httpGet();
            steps.add(new HttpStep(
                    vertx,
                    httpClient,
                    HttpRequestSpec.get(new HttpGetAction(
                            get.path(),
                            port("action.httpGet", get.port(), pod, container),
                            host("action.httpGet", get.host(), pod),
                            get.scheme(),
                            get.httpHeaders()))));
        }
        if (action.httpPost() != null) {
            HttpPostAction post = action.httpPost();
            steps.add(new HttpStep(
                    vertx,
                    httpClient,
                    HttpRequestSpec.post(new HttpPostAction(
                            post.path(),
                            port("action.httpPost", post.port(), pod, container),
                            host("action.httpPost", post.host(), pod),
                            post.scheme(),
                            post.httpHeaders(),
                            post.body(),
                            post.form()))));
        }
        if (action.tcpSocket() != null) {
            String field = "action.tcpSocket";
            steps.add(new TcpStep(
                    vertx,
                    netClient,
                    Endpoint.of(
                            field,
                            null,
                            host(field, action.tcpSocket().host(), pod),
                            port(field, action.tcpSocket().port(), pod, container))));
        }
        return steps;
    }

    private static String host(String field, String host, Pod pod) throws InvalidActionException {
        if (host != null && !host.isBlank()) {
            return host;
        }
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (podIp == null || podIp.isBlank()) {
            throw new InvalidActionException(
                    field + ".host is empty and pod " + pod.getMetadata().getName()
                            + " has no status.podIP yet: set the host, or retry once the pod has an IP");
        }
        return podIp;
    }

    /** A number as is; a name resolved against the container's ports. */
    private static IntOrString port(String field, IntOrString port, Pod pod, Container container)
            throws InvalidActionException {
        if (port == null || port.isInt()) {
            return port;
        }
        String name = port.stringValue();
        List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
        for (ContainerPort candidate : ports) {
            if (name.equals(candidate.getName()) && candidate.getContainerPort() != null) {
                return IntOrString.of(candidate.getContainerPort());
            }
        }
        throw new InvalidActionException(field + ".port: container " + container.getName() + " of pod "
                + pod.getMetadata().getName() + " has no port named '" + name + "' (its ports: "
                + ports.stream()
                        .map(p -> p.getName() + "=" + p.getContainerPort())
                        .toList()
                + "); use one of these names or a port number");
    }

    /** Closes the HTTP and TCP clients. */
    public Future<Void> close() {
        return Future.join(httpClient.close(), netClient.close()).mapEmpty();
    }
}
