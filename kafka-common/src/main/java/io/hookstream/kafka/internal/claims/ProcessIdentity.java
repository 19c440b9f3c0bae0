package io.hookstream.kafka.internal.claims;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who this process is, as claims record it, and whether the process behind another claim is gone. A holder is
 * known to be gone only when it ran in the same pid namespace of the same boot of this machine (Linux: boot id and
 * pid namespace) and no process with its pid and start time exists any more; everywhere else it is unknown, and
 * only its lease ends its claim.
 */
public record ProcessIdentity(String host, String machine, long pid, long processStart) {

    private static final ProcessIdentity CURRENT = detect();

    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** True when {@code claim}'s holder process provably no longer runs. */
    public boolean holderGone(Claim claim) {
        if (machine == null
                || claim.machine() == null
                || !machine.equals(claim.machine())
                || claim.pid() == null
                || claim.processStart() == null) {
            return false;
        }
        if (claim.pid() == pid) {
            return processStart != claim.processStart(); // this pid is us: the holder was an earlier process
        }
        Optional<ProcessHandle> process = ProcessHandle.of(claim.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<java.time.Instant> started = process.get().info().startInstant();
        return started.isPresent() && Math.abs(started.get().toEpochMilli() - claim.processStart()) > 1000;
    }

    private static ProcessIdentity detect() {
        ProcessHandle self = ProcessHandle.current();
        long start =
                self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return new ProcessIdentity(hostName(), detectMachine(), self.pid(), start);
    }

    /** Boot id plus pid namespace, or null off Linux (then no holder is ever known to be gone). */
    private static String detectMachine() {
        try {
            String boot =
                    Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String pidNamespace =
                    Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot + "/" + pidNamespace;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
