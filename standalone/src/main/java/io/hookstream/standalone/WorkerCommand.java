package io.hookstream.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hookstream worker [--flag value ...]}: runs a worker process against an existing Kafka cluster. */
@Command(
        name = "worker",
        description = "Run a worker against an existing Kafka cluster. Settings: "
                + "--bootstrap-servers, --worker-instances, --max-in-flight, ...;"
                + " --help lists every setting (each also a HOOKSTREAM_* environment variable).")
final class WorkerCommand implements Callable<Integer> {

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() throws Exception {
        if (io.hookstream.worker.Main.wantsHelp(settings)) {
            System.out.print(io.hookstream.worker.WorkerSettings.help());
            return 0;
        }
        io.hookstream.worker.Main.main(settings);
        Thread.currentThread().join();
        return 0;
    }
}
