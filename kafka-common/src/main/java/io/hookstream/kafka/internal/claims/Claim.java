package io.hookstream.kafka.internal.claims;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record of the claims topic: a loop holds (state {@code Running}) or gave back (state {@code Released}) the
 * record {@code record}. A holder writes it before the record's work starts and again every third of the lease
 * while it runs; a claim not renewed for {@code leaseMs} has expired. JSON, readable with any Kafka client.
 *
 * @param record       the claimed record, {@code <topic>/<partition>/<offset>}
 * @param key          the claimed record's key (a run id), for people reading the topic
 * @param id           the claimed record's CloudEvents id (a hook id), if it has one
 * @param holder       the holding loop: {@code <instance>/<loop>#<incarnation>}, unique per loop start
 * @param host         the holder's host name
 * @param machine      the holder's boot id and pid namespace: equal only for processes that see the same pids
 * @param pid          the holder's process id
 * @param processStart the holder process's start, epoch milliseconds (tells a reused pid apart)
 * @param state        {@code Running} or {@code Released}
 * @param finished     for {@code Released}: true when the record's outputs were committed with the release
 * @param leaseMs      how long the claim holds after this record was written, unless renewed
 * @param at           when it was written (the holder's clock), for people; expiry uses the reader's clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(
        String record,
        String key,
        String id,
        String holder,
        String host,
        String machine,
        Long pid,
        Long processStart,
        String state,
        boolean finished,
        long leaseMs,
        String at) {

    public static final String RUNNING = "Running";
    public static final String RELEASED = "Released";

    public boolean released() {
        return RELEASED.equals(state);
    }
}
