package io.hookstream.cli;

import io.hookstream.cli.internal.DeadLetterFilter;
import io.hookstream.cli.internal.Since;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/** Which dead letters a {@code dlq} subcommand takes, as a picocli mixin: {@code --since} and {@code --filter}. */
final class DeadLetterSelection {

    @Option(
            names = "--since",
            paramLabel = "SPAN|TIME",
            defaultValue = "24h",
            description = "Dead letters written since then: a span (24h, 7d) or a time. Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(
            names = "--filter",
            paramLabel = "FIELD=VALUE",
            description = "reason=REASON, topic=ORIGIN_TOPIC, component=COMPONENT or id=DLQ_TOPIC-PARTITION-OFFSET;"
                    + " repeat to combine.")
    List<String> filters;

    /** @param clock what a span of {@code --since} counts back from */
    Since from(Clock clock) {
        return Since.parse(since, clock);
    }

    DeadLetterFilter filter() {
        return DeadLetterFilter.parse(filters);
    }
}
