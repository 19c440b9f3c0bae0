package io.hookstream.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hookstream dispatcher [--flag value ...]}: runs a dispatcher against an existing Kafka cluster. */
@Command(
        name = "dispatcher",
        description = "Run a dispatcher against an existing Kafka cluster. Settings: "
                + "--bootstrap-servers, --templates, --http-port, ...;"
                + " --help lists every setting (each also a HOOKSTREAM_* environment variable).")
final class DispatcherCommand implements Callable<Integer> {

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() throws Exception {
        if (io.hookstream.dispatcher.Main.wantsHelp(settings)) {
            System.out.print(io.hookstream.dispatcher.DispatcherSettings.help());
            return 0;
        }
        io.hookstream.dispatcher.Main.main(settings);
        Thread.currentThread().join();
        return 0;
    }
}
