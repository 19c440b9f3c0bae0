package io.hookstream.standalone.e2e;

import io.hookstream.testing.TestSigning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A worker, dispatcher or standalone as a separate JVM on the test's class path, to be killed for real. */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServiceProcess worker(String bootstrapServers, Path logDir, String name, String... settings)
            throws IOException {
        return start("io.hookstream.worker.Main", bootstrapServers, logDir, name, settings);
    }

    static ServiceProcess dispatcher(String bootstrapServers, Path logDir, String name, String... settings)
            throws IOException {
        return start("io.hookstream.dispatcher.Main", bootstrapServers, logDir, name, settings);
    }

    /**
     * {@code hookstream standalone} (the launcher's main class) with {@code arguments}, as a user starts it: no
     * signing key given (it keeps its own in its data directory), no other {@code HOOKSTREAM_*} setting but
     * {@code env}.
     */
    static ServiceProcess standalone(Path logDir, String name, Map<String, String> env, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("io.hookstream.standalone.Main", "standalone"));
        command.addAll(List.of(arguments));
        return start(command, logDir, name, env);
    }

    private static ServiceProcess start(
            String mainClass, String bootstrapServers, Path logDir, String name, String... settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(mainClass, "--bootstrap-servers", bootstrapServers));
        command.addAll(List.of(settings));
        return start(command, logDir, name, Map.of("HOOKSTREAM_HOOK_SIGNING_KEYS", TestSigning.KEYS));
    }

    private static ServiceProcess start(
            List<String> mainAndArguments, Path logDir, String name, Map<String, String> env) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath));
        command.addAll(mainAndArguments);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("HOOKSTREAM_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        return new ServiceProcess(process, log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is committed on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, and waits for the process to exit: a worker drains its hooks in flight first. */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        return waitFor(within);
    }

    /** Waits for the process to end and returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not end within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** The process's output so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** True once the process's log has a line containing {@code text}. */
    boolean logged(String text) {
        return output().contains(text);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
