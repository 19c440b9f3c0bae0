package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.IntOrString;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS trusts what the JVM trusts (here: a trust store named by {@code javax.net.ssl.trustStore} holding the
 * server's self-signed certificate), verifies the host name, and is never trust-all.
 */
class OperatorHttpsActionTest {

    private static final String TRUST_STORE = "javax.net.ssl.trustStore";
    private static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";
    private static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

    private static TestVertx vertx;
    private static SelfSignedCertificate certificate;
    private static HttpServer server;
    private static final Map<String, String> savedProperties = new HashMap<>();

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        vertx = TestVertx.start();
        certificate = SelfSignedCertificate.create("localhost");
        server = await(vertx.vertx()
                .createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(request -> request.response().end("secure"))
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void restoreTrustStoreAndCheckEventLoops() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        savedProperties.clear();
        vertx.assertNoEventLoopBlocked();
    }

    @AfterAll
    static void stop() {
        await(server.close());
        certificate.delete();
        vertx.close();
    }

    private static ExecutionReport get(String host) {
        HookRunner runner = Executions.operatorRunner(vertx.vertx(), Map.of());
        try {
            return await(runner.run(operator(
                    new HookAction(
                            null,
                            new HttpGetAction("/", IntOrString.of(server.actualPort()), host, "HTTPS", null),
                            null,
                            null,
                            null),
                    Duration.ofSeconds(10))));
        } finally {
            await(runner.close());
        }
    }

    @Test
    void untrustedCertificateIsRejected() {
        ExecutionReport report = get("localhost");

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.HTTP_ERROR);
        assertThat(report.message()).startsWith("action.httpGet: request to https://localhost:");
    }

    @Test
    void certificateTrustedByTheJvmIsAccepted() throws Exception {
        trustServerCertificate();

        ExecutionReport report = get("localhost");

        assertThat(report.status()).as(report.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.targets().get(0).httpStatus()).isEqualTo(200);
    }

    @Test
    void trustedCertificateForAnotherHostIsRejected() throws Exception {
        trustServerCertificate();

        ExecutionReport report = get("127.0.0.1");

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.HTTP_ERROR);
    }

    private static void trustServerCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            store.setCertificateEntry(
                    "server", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        Path file = temp.resolve("trust-" + System.nanoTime() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        for (String name : new String[] {TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE}) {
            savedProperties.put(name, System.getProperty(name));
        }
        System.setProperty(TRUST_STORE, file.toString());
        System.setProperty(TRUST_STORE_PASSWORD, "changeit");
        System.setProperty(TRUST_STORE_TYPE, "PKCS12");
    }
}
