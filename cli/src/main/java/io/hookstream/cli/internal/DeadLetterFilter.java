package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --filter reason=X} / {@code --filter topic=Y} (origin topic) / {@code --filter component=Z} /
 * {@code --filter id=<dlq topic>-<partition>-<offset>} (one dead letter, as the dispatcher's
 * {@code GET /v1/dead-letters} shows it); several filters must all match.
 */
public record DeadLetterFilter(List<String[]> terms) {

    public static DeadLetterFilter parse(List<String> expressions) {
        List<String[]> terms = new ArrayList<>();
        for (String expression : expressions == null ? List.<String>of() : expressions) {
            int eq = expression.indexOf('=');
            String field = eq < 0 ? "" : expression.substring(0, eq).trim();
            if (!List.of("reason", "topic", "component", "id").contains(field)) {
                throw new CliException(
                        "InvalidOption",
                        2,
                        "--filter '" + expression
                                + "' is not reason=REASON, topic=ORIGIN_TOPIC, component=COMPONENT or id=DEAD_LETTER_ID");
            }
            terms.add(new String[] {field, expression.substring(eq + 1).trim()});
        }
        return new DeadLetterFilter(List.copyOf(terms));
    }

    public boolean test(DeadLetter letter) {
        for (String[] term : terms) {
            String actual = switch (term[0]) {
                case "reason" -> letter.reason();
                case "topic" -> letter.originTopic();
                case "id" -> letter.id();
                default -> letter.component();
            };
            if (!term[1].equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
