package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/** Turns a Kafka client failure into the one-line {@link CliException} the user sees (exit code 3). */
public final class KafkaUnavailable {

    public static final int EXIT_CODE = 3;

    private KafkaUnavailable() {}

    public static CliException of(KafkaException e, String bootstrapServers, String doing) {
        if (e instanceof TimeoutException) {
            return new CliException(
                    "KafkaUnavailable",
                    EXIT_CODE,
                    "could not " + doing + ": no answer from Kafka at "
                            + bootstrapServers
                            + " in time; check --bootstrap-servers (or HOOKSTREAM_BOOTSTRAP_SERVERS) and"
                            + " the HOOKSTREAM_KAFKA_* security settings",
                    e);
        }
        if (e instanceof AuthorizationException || e instanceof AuthenticationException) {
            return new CliException(
                    "KafkaForbidden",
                    EXIT_CODE,
                    "could not " + doing + ": " + e.getMessage()
                            + "; check the HOOKSTREAM_KAFKA_* security settings and the ACLs of this principal",
                    e);
        }
        return new CliException(
                "KafkaFailed",
                EXIT_CODE,
                "could not " + doing + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }
}
