package io.hookstream.kafka.internal.claims;

/** A claim and when it was read ({@link System#nanoTime()} of the reader): expiry runs on the reader's clock. */
public record SeenClaim(Claim claim, long seenNanos) {

    /** True when the claim is older than its lease at {@code nowNanos} (it was not renewed in time). */
    public boolean expired(long nowNanos) {
        return nowNanos - seenNanos > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(claim.leaseMs());
    }
}
