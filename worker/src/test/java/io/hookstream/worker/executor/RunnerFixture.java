package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.TestVertx.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's {@link TestVertx} and {@link HookRunner}, as a static {@code @RegisterExtension}: started before
 * the class's own {@code @BeforeAll} (so that it may start servers on {@link #vertx()}), every test followed by
 * the check that no event loop was blocked, the runner and then Vert.x closed after the class's {@code @AfterAll}.
 */
final class RunnerFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Function<Vertx, HookRunner> runnerFactory;
    private TestVertx vertx;
    private HookRunner runner;

    private RunnerFixture(Function<Vertx, HookRunner> runnerFactory) {
        this.runnerFactory = runnerFactory;
    }

    /** A runner of every executor type with {@link Executions#fastOptions()}. */
    static RunnerFixture allExecutors() {
        return new RunnerFixture(vertx -> HookRunner.create(vertx, Executions.fastOptions()));
    }

    /** {@link Executions#operatorRunner}: an Operator executor that sees {@code workerEnvironment}. */
    static RunnerFixture operator(Map<String, String> workerEnvironment) {
        return new RunnerFixture(vertx -> Executions.operatorRunner(vertx, workerEnvironment));
    }

    Vertx vertx() {
        return vertx.vertx();
    }

    /** {@link HookRunner#run} on the fixture's runner. */
    Future<ExecutionReport> run(Execution execution) {
        return runner.run(execution);
    }

    /** {@link HookRunner#start} on the fixture's runner. */
    RunningHook start(Execution execution) {
        return runner.start(execution);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = TestVertx.start();
        runner = runnerFactory.apply(vertx.vertx());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        vertx.assertNoEventLoopBlocked();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            await(runner.close());
        } finally {
            vertx.close();
        }
    }
}
