package io.hookstream.cli.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/** Reads the dead-letter topic from a time to its end offsets, in time order. */
public final class DeadLetters {

    private DeadLetters() {}

    public static List<DeadLetter> read(Properties common, String dlqTopic, Instant since, DeadLetterFilter filter) {
        List<DeadLetter> letters = new ArrayList<>();
        try (TopicReader reader = TopicReader.open(common, dlqTopic, true, null)) {
            reader.seek(since).readToEnd(record -> {
                if (record.timestamp() < since.toEpochMilli()) {
                    return;
                }
                DeadLetter letter = DeadLetter.of(record);
                if (filter.test(letter)) {
                    letters.add(letter);
                }
            });
        }
        letters.sort(Comparator.comparing(DeadLetter::time)
                .thenComparingInt(DeadLetter::partition)
                .thenComparingLong(DeadLetter::offset));
        return letters;
    }
}
