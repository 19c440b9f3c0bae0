package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.PodHookExecutorSpec;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.schemas.template.TcpSocketAction;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pods, executions and exec expectations for the Pod executor's mock-server tests. */
final class PodFixtures {

    static final String RUN_ID = "run-1";
    static final String HOOK_NAME = "pre-backup";
    static final String CONTAINER = "app";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PodFixtures() {}

    /** A Running pod with one ready container {@code app} (port {@code http} = httpPort) and IP 127.0.0.1. */
    static PodBuilder runningPod(String namespace, String name, Map<String, String> labels, int httpPort) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage("busybox")
                .withPorts(new ContainerPortBuilder()
                        .withName("http")
                        .withContainerPort(httpPort)
                        .build())
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName(CONTAINER)
                .withReady(true)
                .endContainerStatus()
                .addNewContainerStatus()
                .withName("sidecar")
                .withReady(true)
                .endContainerStatus()
                .endStatus();
    }

    static Pod running(String namespace, String name, Map<String, String> labels) {
        return runningPod(namespace, name, labels, 8080).build();
    }

    static OwnerReference owner(String kind, String name, String uid) {
        return new OwnerReferenceBuilder()
                .withApiVersion(
                        kind.equals("Deployment") || kind.equals("ReplicaSet") || kind.equals("StatefulSet")
                                ? "apps/v1"
                                : "v1")
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .withController(true)
                .build();
    }

    static Execution execution(
            String namespace,
            String selector,
            io.hookstream.schemas.template.OwnerReference owner,
            PodHookExecutorStrategy strategy,
            HookAction action,
            Map<String, String> params,
            Duration timeout) {
        return execution(namespace, selector, owner, strategy, action, params, timeout, null);
    }

    /** @param waitTimeout {@code executor.pod.waitTimeout}; null for the default */
    static Execution execution(
            String namespace,
            String selector,
            io.hookstream.schemas.template.OwnerReference owner,
            PodHookExecutorStrategy strategy,
            HookAction action,
            Map<String, String> params,
            Duration timeout,
            String waitTimeout) {
        return new Execution(
                RUN_ID,
                RUN_ID + "/0",
                HOOK_NAME,
                new SessionSummary("session-1", namespace, null, null, null),
                new HookExecutor(
                        ExecutorType.Pod, null, new PodHookExecutorSpec(selector, owner, strategy, waitTimeout)),
                action,
                params,
                timeout,
                0,
                List.of(),
                List.of(),
                List.of(),
                null);
    }

    static Execution execution(String namespace, String selector, HookAction action) {
        return execution(namespace, selector, null, null, action, Map.of(), TIMEOUT);
    }

    static HookAction exec(String... command) {
        return new HookAction(new ExecAction(List.of(command)), null, null, null, null);
    }

    /** The exec URL fabric8 requests: every argv item as a command parameter, then container, stdout, stderr. */
    static String execPath(String namespace, String pod, String container, List<String> argv) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/exec?"
                + argv.stream().map(item -> "command=" + encode(item)).collect(Collectors.joining("&"))
                + "&container=" + container + "&stdout=true&stderr=true";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An exec that writes to stdout and stderr, then exits with {@code exitCode}. */
    static void expectExec(
            KubernetesMockServer server,
            String namespace,
            String pod,
            List<String> argv,
            String stdout,
            String stderr,
            int exitCode) {
        server.expect()
                .get()
                .withPath(execPath(namespace, pod, CONTAINER, argv))
                .andUpgradeToWebSocket()
                .open(
                        new OutputStreamMessage(stdout),
                        new ErrorStreamMessage(stderr),
                        new StatusMessage(exit(exitCode)))
                .done()
                .once();
    }

    /** The status the exec API sends at the end of a command. */
    static Status exit(int code) {
        if (code == 0) {
            return new StatusBuilder().withStatus("Success").build();
        }
        return new StatusBuilder()
                .withStatus("Failure")
                .withReason("NonZeroExitCode")
                .withMessage("command terminated with non-zero exit code")
                .withNewDetails()
                .addNewCause()
                .withReason("ExitCode")
                .withMessage(Integer.toString(code))
                .endCause()
                .endDetails()
                .build();
    }

    /** Small pools and output tails, short backoffs. */
    static ExecutorOptions options() {
        return new ExecutorOptions(4, 64, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300));
    }

    /** A TCP server on 127.0.0.1 (any port) closing each connection it takes: what a tcpSocket probe reaches. */
    static NetServer closingTcpServer(Vertx vertx) {
        return await(
                vertx.createNetServer().connectHandler(socket -> socket.close()).listen(0, "127.0.0.1"));
    }

    /** A tcpSocket action to {@code port} of the pod's IP (127.0.0.1 for the mock's pods). */
    static HookAction tcpProbe(int port) {
        return new HookAction(null, null, null, new TcpSocketAction(IntOrString.of(port), null), null);
    }
}
