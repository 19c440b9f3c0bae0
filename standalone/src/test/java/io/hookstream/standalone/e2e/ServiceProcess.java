package io.hookstream.standalone.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A worker or dispatcher as a separate JVM on the test's class path, to be killed for real. */
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

    private static ServiceProcess start(String mainClass, String bootstrapServers, Path logDir, String name,
                                        String... settings) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath,
                mainClass, "--bootstrap-servers", bootstrapServers));
        command.addAll(List.of(settings));
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOOKSTREAM_HOOK_SIGNING_KEYS", io.hookstream.testing.TestSigning.KEYS);
        Process process = builder.start();
        return new ServiceProcess(process, log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is committed on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, and waits for the process to exit: a worker drains its hooks in flight first. */
    int terminate(java.time.Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(log.getFileName() + " did not exit within " + within + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** True once the process's log has a line containing {@code text}. */
    boolean logged(String text) {
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
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
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

}
