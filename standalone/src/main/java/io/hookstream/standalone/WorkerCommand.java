package io.hookstream.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hookstream worker [--flag value ...]}: runs a worker process against an existing Kafka cluster. */
@Command(name = "worker", description = "Run a worker against an existing Kafka cluster. Settings: "
        + "--bootstrap-servers, --worker-instances, --max-in-flight, ... (also HOOKSTREAM_* environment variables).")
final class WorkerCommand implements Callable<Integer> {

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() throws Exception {
        io.hookstream.worker.Main.main(settings);
        Thread.currentThread().join();
        return 0;
    }
}
