package io.hookstream.standalone;

import io.hookstream.loadtest.LoadTestCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hookstream loadtest [--flag value ...]}: the load-test tool ({@code hookstream loadtest --help}). */
@Command(
        name = "loadtest",
        description = "Load-test hookstream (embedded or an existing loopback cluster) and "
                + "report throughput, latency, lost and duplicated results; see hookstream loadtest --help.")
final class LoadtestCommand implements Callable<Integer> {

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() {
        return LoadTestCommand.execute(settings);
    }
}
