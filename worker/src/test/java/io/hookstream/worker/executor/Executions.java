package io.hookstream.worker.executor;

import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builders of executions and actions for tests. */
final class Executions {

    static final String RUN_ID = "run-1";
    static final String HOOK_NAME = "pre-backup";

    private Executions() {}

    static Execution operator(HookAction action, Map<String, String> params, Duration timeout, int maxRetry) {
        return of(ExecutorType.Operator, action, params, timeout, maxRetry);
    }

    static Execution operator(HookAction action, Duration timeout) {
        return operator(action, Map.of(), timeout, 0);
    }

    static Execution of(
            ExecutorType type, HookAction action, Map<String, String> params, Duration timeout, int maxRetry) {
        return new Execution(
                RUN_ID,
                RUN_ID + "/0",
                HOOK_NAME,
                null,
                new HookExecutor(type, null, null),
                action,
                params,
                timeout,
                maxRetry,
                null,
                null,
                null,
                null);
    }

    static HookAction exec(String... command) {
        return new HookAction(new ExecAction(List.of(command)), null, null, null, null);
    }

    static HookAction sh(String script) {
        return exec("sh", "-c", script);
    }

    static HttpGetAction get(int port, String path, HttpHeader... headers) {
        return new HttpGetAction(path, IntOrString.of(port), "127.0.0.1", null, List.of(headers));
    }

    static HookAction httpGet(int port, String path, HttpHeader... headers) {
        return new HookAction(null, get(port, path, headers), null, null, null);
    }

    static HookAction httpPost(HttpPostAction post) {
        return new HookAction(null, null, post, null, null);
    }

    static HookAction tcp(int port) {
        return new HookAction(null, null, null, new TcpSocketAction(IntOrString.of(port), "127.0.0.1"), null);
    }

    /**
     * A runner with only the Operator executor, target {@code operator/test}, fast options and the given worker
     * environment.
     */
    static HookRunner operatorRunner(Vertx vertx, Map<String, String> workerEnvironment) {
        return new HookRunner(
                vertx,
                Map.of(
                        ExecutorType.Operator,
                        new OperatorExecutor(vertx, fastOptions(), "operator/test", workerEnvironment)),
                fastOptions());
    }

    /** Options with tiny backoffs and grace period, so that retry and timeout tests stay fast. */
    static ExecutorOptions fastOptions() {
        return new ExecutorOptions(4, 4096, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300));
    }
}
