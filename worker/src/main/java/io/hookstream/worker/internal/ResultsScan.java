package io.hookstream.worker.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.TopicScan;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the committed results of the last {@code window} from given partitions of the results topic and reports
 * the hook id of each. Results are keyed by run id like hook events, so partition {@code p} of the results topic
 * holds the results of the hooks of partition {@code p} of each hook topic (all topics have the same partition
 * count). Blocking; bounded by {@code timeout}.
 */
final class ResultsScan {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsScan.class);

    /** Receives each hook id found, with its result's timestamp. */
    interface Sink {
        void found(String hookId, long timestamp);
    }

    private ResultsScan() {}

    static int scan(
            Properties clientProperties,
            String resultsTopic,
            Collection<Integer> partitions,
            Duration window,
            Duration timeout,
            Sink sink) {
        int[] found = {0};
        try {
            TopicScan.Ending ending = TopicScan.read(
                    clientProperties,
                    "results-scan",
                    resultsTopic,
                    partitions,
                    System.currentTimeMillis() - window.toMillis(),
                    timeout,
                    record -> {
                        Optional<String> hookId =
                                EventIds.hookIdOfResult(CloudEvents.lastValue(record.headers(), CloudEventHeaders.ID));
                        if (hookId.isPresent()) {
                            sink.found(hookId.get(), record.timestamp());
                            found[0]++;
                        }
                    });
            if (ending == TopicScan.Ending.TIMED_OUT) {
                LOG.warn(
                        "scanning {} partitions {} for earlier results took longer than {}; duplicates of older"
                                + " hook events may run again",
                        resultsTopic,
                        partitions,
                        timeout);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not scan {} for earlier results ({}); duplicates of older hook events may run again",
                    resultsTopic,
                    e.toString());
        }
        return found[0];
    }
}
