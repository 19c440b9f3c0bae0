package io.hookstream.kafka.internal.claims;

/** The latest claim read for a record. */
@FunctionalInterface
public interface ClaimLookup {

    /** The latest claim on {@code key}, or null when none was read. */
    SeenClaim latest(ClaimKey key);
}
