package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.exec;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorExecutionLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> WORKER_ENV = Map.of("PATH", System.getenv("PATH"));
    private static final String METADATA = "169.254.169.254";

    private static TestVertx vertx;
    private static HttpServer http;
    private static final List<String> httpRequests = new CopyOnWriteArrayList<>();
    private static final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private static NetServer tcp;
    private static final AtomicInteger tcpConnections = new AtomicInteger();

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        vertx = TestVertx.start();
        http = await(vertx.vertx()
                .createHttpServer()
                .requestHandler(request -> {
                    httpRequests.add(request.path());
                    hostHeaders.add(
                            request.authority() == null
                                    ? null
                                    : request.authority().toString());
                    switch (request.path()) {
                        case "/to-metadata" ->
                            request.response()
                                    .setStatusCode(302)
                                    .putHeader("Location", "http://" + METADATA + "/latest/meta-data/")
                                    .end();
                        case "/loop" ->
                            request.response()
                                    .setStatusCode(302)
                                    .putHeader("Location", "/loop")
                                    .end();
                        default -> request.response().end("ok");
                    }
                })
                .listen(0, "127.0.0.1"));
        tcp = await(vertx.vertx()
                .createNetServer()
                .connectHandler(socket -> tcpConnections.incrementAndGet())
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void noEventLoopWasBlocked() {
        vertx.assertNoEventLoopBlocked();
        httpRequests.clear();
        hostHeaders.clear();
        tcpConnections.set(0);
    }

    @AfterAll
    static void stop() {
        await(http.close());
        await(tcp.close());
        vertx.close();
    }

    private static ExecutionReport run(ExecutionLimits limits, HookAction action) {
        return run(limits, action, Map.of());
    }

    private static ExecutionReport run(ExecutionLimits limits, HookAction action, Map<String, String> params) {
        return run(limits, action, params, 0);
    }

    private static ExecutionReport run(
            ExecutionLimits limits, HookAction action, Map<String, String> params, int maxRetry) {
        ExecutorOptions options = Executions.fastOptions().withLimits(limits);
        HookRunner runner = new HookRunner(
                vertx.vertx(),
                Map.of(
                        ExecutorType.Operator,
                        new OperatorExecutor(vertx.vertx(), options, "operator/test", WORKER_ENV)),
                options);
        try {
            return await(runner.run(operator(action, params, TIMEOUT, maxRetry)));
        } finally {
            await(runner.close());
        }
    }

    private static ExecutionLimits allowPrograms(String... programs) {
        return ExecutionLimits.defaults().withExec(List.of(programs), false);
    }

    private static ExecutionLimits net(List<String> allow, List<String> deny) {
        return ExecutionLimits.defaults().withNet(Cidr.parseAll(allow), Cidr.parseAll(deny));
    }

    private static Path onPath(String program) {
        for (String directory : System.getenv("PATH").split(File.pathSeparator)) {
            Path file = Path.of(directory).resolve(program);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return file.toAbsolutePath();
            }
        }
        throw new IllegalStateException(program + " is not on PATH");
    }

    private static HookAction tcpTo(String host, int port) {
        return new HookAction(null, null, null, new TcpSocketAction(IntOrString.of(port), host), null);
    }

    private static HookAction httpTo(String host, int port, String path) {
        return new HookAction(
                null, new HttpGetAction(path, IntOrString.of(port), host, null, List.of()), null, null, null);
    }

    // --- exec ---

    @Test
    void allowedBareNameRunsAndTheSameProgramByAbsolutePathToo() {
        ExecutionLimits limits = allowPrograms("sh");

        assertThat(run(limits, exec("sh", "-c", "exit 0")).status()).isEqualTo(HookStatus.Succeeded);
        assertThat(run(limits, exec(onPath("sh").toString(), "-c", "exit 0")).status())
                .isEqualTo(HookStatus.Succeeded);
    }

    @Test
    void allowedAbsolutePathAlsoAdmitsTheBareNameThatResolvesToIt() {
        ExecutionLimits limits = allowPrograms(onPath("sh").toString());

        ExecutionReport report = run(limits, exec("sh", "-c", "echo allowed"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.targets().get(0).stdout()).isEqualTo("allowed\n");
    }

    @Test
    void programOutsideTheAllowlistFailsWithExecNotAllowedAndNeverStarts() {
        Path marker = temp.resolve("started");

        ExecutionReport report = run(allowPrograms("sh"), exec("touch", marker.toString()));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.EXEC_NOT_ALLOWED);
        assertThat(report.message()).contains("touch").contains("--exec-allow sh");
        assertThat(report.targets().get(0).exitCode()).isNull();
        assertThat(marker).doesNotExist();
    }

    @Test
    void absolutePathOfAProgramOutsideTheAllowlistIsRefused() {
        Path marker = temp.resolve("started");

        ExecutionReport report = run(allowPrograms("sh"), exec(onPath("touch").toString(), marker.toString()));

        assertThat(report.reason()).isEqualTo(Reasons.EXEC_NOT_ALLOWED);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aPathParamCannotSwapTheAllowedProgramForAnother() throws IOException {
        Path fakeDirectory = Files.createDirectories(temp.resolve("fake-bin"));
        Path marker = temp.resolve("fake-ran");
        Path fakeSh = fakeDirectory.resolve("sh");
        Files.writeString(fakeSh, "#!" + onPath("sh") + "\ntouch " + marker + "\n");
        Files.setPosixFilePermissions(fakeSh, PosixFilePermissions.fromString("rwxr-xr-x"));

        ExecutionReport report =
                run(allowPrograms("sh"), exec("sh", "-c", "exit 0"), Map.of("PATH", fakeDirectory.toString()));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(marker).doesNotExist();
    }

    @Test
    void refusalsAreNotRetried() {
        ExecutionLimits limits = allowPrograms("sh");

        assertThat(run(limits, exec("touch", temp.resolve("x").toString()), Map.of(), 2)
                        .attempts())
                .isEqualTo(1);
        assertThat(run(limits, tcpTo(METADATA, 80), Map.of(), 2).attempts()).isEqualTo(1);
    }

    @Test
    void disabledExecRefusesEveryProgram() {
        Path marker = temp.resolve("started");

        ExecutionReport report =
                run(ExecutionLimits.defaults().withExec(List.of("*"), true), exec("touch", marker.toString()));

        assertThat(report.reason()).isEqualTo(Reasons.EXEC_NOT_ALLOWED);
        assertThat(report.message()).contains("touch").contains("--exec-disabled true");
        assertThat(marker).doesNotExist();
    }

    @Test
    void allowlistEntryThatIsNoProgramIsRejectedWhenTheExecutorIsBuilt() {
        ExecutorOptions options = Executions.fastOptions().withLimits(allowPrograms("no-such-program-hookstream"));

        assertThatThrownBy(() -> new OperatorExecutor(vertx.vertx(), options, "operator/test", WORKER_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-program-hookstream")
                .hasMessageContaining("PATH");
    }

    @Test
    void environmentOverTheVariableCapFailsAsInvalidAction() {
        ExecutionReport report = run(
                ExecutionLimits.defaults().withEnv(3, 1 << 20),
                exec("sh", "-c", "exit 0"),
                Map.of("A", "1", "B", "2", "C", "3"));

        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("--exec-env-max-vars");
    }

    @Test
    void environmentOverTheByteCapFailsAsInvalidAction() {
        ExecutionReport report = run(
                ExecutionLimits.defaults().withEnv(100, 1_024),
                exec("sh", "-c", "exit 0"),
                Map.of("BIG", "x".repeat(2_000)));

        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("--exec-env-max-bytes");
    }

    // --- network ---

    @Test
    void tcpToTheMetadataAddressIsRefusedByDefault() {
        ExecutionReport report = run(ExecutionLimits.defaults(), tcpTo(METADATA, 80));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(report.message())
                .contains(METADATA)
                .contains("169.254.0.0/16")
                .contains("--net-deny");
    }

    @Test
    void httpToTheMetadataAddressIsRefusedByDefault() {
        ExecutionReport report = run(ExecutionLimits.defaults(), httpTo(METADATA, 80, "/latest/meta-data/"));

        assertThat(report.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(report.message()).contains(METADATA).contains("169.254.0.0/16");
        assertThat(report.targets().get(0).httpStatus()).isNull();
    }

    @Test
    void aNameResolvingToADeniedAddressIsRefusedBeforeConnecting() {
        ExecutionLimits limits = net(List.of(), List.of("127.0.0.0/8", "::1/128"));

        ExecutionReport tcpReport = run(limits, tcpTo("localhost", tcp.actualPort()));
        ExecutionReport httpReport = run(limits, httpTo("localhost", http.actualPort(), "/ok"));

        assertThat(tcpReport.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(tcpReport.message()).contains("localhost (resolves to").contains("--net-deny");
        assertThat(httpReport.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(tcpConnections).hasValue(0);
        assertThat(httpRequests).isEmpty();
    }

    @Test
    void redirectFromAnAllowedServerToADeniedAddressIsRefused() {
        ExecutionReport report =
                run(ExecutionLimits.defaults(), httpTo("127.0.0.1", http.actualPort(), "/to-metadata"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(report.message()).contains("redirect 1").contains(METADATA).contains("169.254.0.0/16");
        assertThat(httpRequests).containsExactly("/to-metadata");
    }

    @Test
    void redirectsBeyondTheLimitFail() {
        ExecutionReport report = run(ExecutionLimits.defaults(), httpTo("127.0.0.1", http.actualPort(), "/loop"));

        assertThat(report.reason()).isEqualTo(Reasons.HTTP_ERROR);
        assertThat(report.message()).contains("more than " + ExecutionLimits.DEFAULT_MAX_REDIRECTS + " redirects");
        assertThat(httpRequests).hasSize(ExecutionLimits.DEFAULT_MAX_REDIRECTS + 1);
    }

    @Test
    void allowedTargetsStillWorkAndKeepTheNameAsHostHeader() {
        ExecutionLimits limits = net(List.of("127.0.0.0/8", "::1/128"), List.of());

        ExecutionReport tcpReport = run(limits, tcpTo("127.0.0.1", tcp.actualPort()));
        ExecutionReport httpReport = run(limits, httpTo("localhost", http.actualPort(), "/ok"));

        assertThat(tcpReport.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(httpReport.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(httpReport.targets().get(0).httpStatus()).isEqualTo(200);
        assertThat(hostHeaders).containsExactly("localhost:" + http.actualPort());
    }

    @Test
    void denyBeatsAllow() {
        ExecutionReport report =
                run(net(List.of("127.0.0.0/8"), List.of("127.0.0.1/32")), tcpTo("127.0.0.1", tcp.actualPort()));

        assertThat(report.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(report.message()).contains("127.0.0.1/32 of --net-deny");
        assertThat(tcpConnections).hasValue(0);
    }

    @Test
    void addressOutsideANonEmptyAllowListIsRefused() {
        ExecutionReport report = run(net(List.of("10.0.0.0/8"), List.of()), tcpTo("127.0.0.1", tcp.actualPort()));

        assertThat(report.reason()).isEqualTo(Reasons.TARGET_NOT_ALLOWED);
        assertThat(report.message()).contains("no range of --net-allow 10.0.0.0/8");
    }
}
