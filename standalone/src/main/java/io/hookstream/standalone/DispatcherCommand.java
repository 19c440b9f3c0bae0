package io.hookstream.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hookstream dispatcher [--flag value ...]}: runs a dispatcher against an existing Kafka cluster. */
@Command(name = "dispatcher", description = "Run a dispatcher against an existing Kafka cluster. Settings: "
        + "--bootstrap-servers, --templates, --http-port, ... (also HOOKSTREAM_* environment variables; see README).")
final class DispatcherCommand implements Callable<Integer> {

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() throws Exception {
        io.hookstream.dispatcher.Main.main(settings);
        Thread.currentThread().join();
        return 0;
    }
}
