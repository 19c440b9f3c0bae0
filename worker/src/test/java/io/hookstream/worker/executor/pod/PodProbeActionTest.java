package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;
import static io.hookstream.worker.executor.pod.PodFixtures.TIMEOUT;
import static io.hookstream.worker.executor.pod.PodFixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import io.hookstream.worker.executor.AttemptResult;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** httpGet, httpPost and tcpSocket against a pod: host = the pod IP (127.0.0.1 here), named ports resolved. */
@EnableKubernetesMockClient(crud = true)
class PodProbeActionTest extends PodExecutorCase {

    static KubernetesMockServer server;
    static KubernetesClient client;

    PodProbeActionTest() {
        super("probe");
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    private HttpServer http;
    private NetServer tcp;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        http = await(vertx.createHttpServer()
                .requestHandler(request -> {
                    requests.add(request.method() + " " + request.uri());
                    request.response()
                            .setStatusCode(request.path().equals("/missing") ? 404 : 200)
                            .end("ok");
                })
                .listen(0, "127.0.0.1"));
        tcp = PodFixtures.closingTcpServer(vertx);
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder(
                                PodFixtures.runningPod(namespace, "web-0", Map.of("app", "web"), http.actualPort())
                                        .build())
                        .editSpec()
                        .editLastContainer()
                        .addNewPort()
                        .withName("admin")
                        .withContainerPort(tcp.actualPort())
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private AttemptResult run(HookAction action) {
        return await(executor.attempt(execution(namespace, "app=web", null, null, action, Map.of(), TIMEOUT)));
    }

    @Test
    void httpGetGoesToThePodIpAndResolvesANamedPort() {
        AttemptResult result = run(new HookAction(
                null, new HttpGetAction("/flush", IntOrString.parse("http"), null, null, null), null, null, null));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(requests).containsExactly("GET /flush");
        assertThat(result.targets()).containsExactly(new TargetResult("pod/web-0", null, 200, null, null, null));
    }

    @Test
    void httpPostWithANumericPortReportsAFailingStatus() {
        AttemptResult result = run(new HookAction(
                null,
                null,
                new HttpPostAction("/missing", IntOrString.of(http.actualPort()), null, null, null, "{}", null),
                null,
                null));

        assertThat(result.reason()).isEqualTo(Reasons.HTTP_STATUS);
        assertThat(result.targets())
                .singleElement()
                .extracting(TargetResult::httpStatus)
                .isEqualTo(404);
        assertThat(requests).containsExactly("POST /missing");
    }

    @Test
    void tcpSocketResolvesANamedPortInTheChosenContainer() {
        AttemptResult result =
                run(new HookAction(null, null, null, new TcpSocketAction(IntOrString.parse("admin"), null), "sidecar"));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets()).extracting(TargetResult::name).containsExactly("pod/web-0");
    }

    @Test
    void aNamedPortTheContainerLacksIsInvalidActionNamingThePorts() {
        AttemptResult result =
                run(new HookAction(null, null, null, new TcpSocketAction(IntOrString.parse("admin"), null), null));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(result.message())
                .contains("action.tcpSocket.port", "no port named 'admin'", "web-0", "http=" + http.actualPort());
        assertThat(result.targets()).extracting(TargetResult::name).isEqualTo(List.of("pod/web-0"));
    }

    @Test
    void anExplicitHostWinsOverThePodIp() {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder(PodFixtures.running(namespace, "far-0", Map.of("app", "far")))
                        .editStatus()
                        .withPodIP("192.0.2.1")
                        .endStatus()
                        .build())
                .create();

        AttemptResult result = await(executor.attempt(execution(
                namespace,
                "app=far",
                null,
                null,
                new HookAction(
                        null, null, null, new TcpSocketAction(IntOrString.of(tcp.actualPort()), "127.0.0.1"), null),
                Map.of(),
                TIMEOUT)));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets()).extracting(TargetResult::name).containsExactly("pod/far-0");
    }
}
