package io.hookstream.worker.executor.internal;

import io.hookstream.worker.executor.Cidr;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where Operator network actions may connect. Host names are resolved on the exec pool (never the event loop),
 * every address is checked, and the caller connects to the checked address, so a second DNS answer cannot swap it.
 */
public final class NetworkPolicy {

    private final List<Cidr> allow;
    private final List<Cidr> deny;
    private final WorkerExecutor pool;

    public NetworkPolicy(List<Cidr> allow, List<Cidr> deny, WorkerExecutor pool) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.pool = pool;
    }

    /** The outcome of a check: the address to connect to, why the target is refused, or why it has no address. */
    public record Decision(InetAddress address, String refusal, String lookupError) {}

    /** Resolves {@code host} on the pool and checks every address it has. */
    public Future<Decision> check(String field, String host) {
        return pool.executeBlocking(
                () -> {
                    InetAddress[] addresses;
                    try {
                        addresses = InetAddress.getAllByName(host);
                    } catch (UnknownHostException e) {
                        return new Decision(
                                null, null, field + ": cannot resolve host " + host + ": " + e.getMessage());
                    }
                    for (InetAddress address : addresses) {
                        String refusal = refusal(address);
                        if (refusal != null) {
                            String shown = address.getHostAddress().equals(host)
                                    ? host
                                    : host + " (resolves to " + address.getHostAddress() + ")";
                            return new Decision(
                                    null, field + ": target " + shown + " is not allowed: " + refusal, null);
                        }
                    }
                    return new Decision(addresses[0], null, null);
                },
                false);
    }

    /** Null when the address may be reached, else the rule that refuses it. */
    public String refusal(InetAddress address) {
        for (Cidr range : deny) {
            if (range.contains(address)) {
                return "it is in " + range + " of --net-deny";
            }
        }
        if (allow.isEmpty()) {
            return null;
        }
        for (Cidr range : allow) {
            if (range.contains(address)) {
                return null;
            }
        }
        return "it is in no range of --net-allow "
                + String.join(",", allow.stream().map(Cidr::text).toList());
    }
}
