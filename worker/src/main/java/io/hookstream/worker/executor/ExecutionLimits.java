package io.hookstream.worker.executor;

import java.util.List;

/**
 * What Operator hooks may do on the worker's own host and network.
 *
 * @param execAllow    programs exec may start: absolute paths or bare names found on the worker's PATH;
 *                     {@code *} (the default) allows any
 * @param execDisabled when true, no exec action starts a process
 * @param netAllow     CIDR ranges httpGet/httpPost/tcpSocket (and redirects) may reach; empty: anything not denied
 * @param netDeny      CIDR ranges they may never reach; deny wins over allow
 * @param maxRedirects HTTP redirects followed (each target re-checked); 0 follows none (a 3xx is the result)
 * @param maxEnvVars   most variables in an exec's environment (inherited, params and HOOKSTREAM_*)
 * @param maxEnvBytes  most bytes of that environment, counted as NAME=VALUE plus a terminating NUL each
 */
public record ExecutionLimits(
        List<String> execAllow,
        boolean execDisabled,
        List<Cidr> netAllow,
        List<Cidr> netDeny,
        int maxRedirects,
        int maxEnvVars,
        int maxEnvBytes) {

    public static final String ANY = "*";
    /** Link-local (IPv4, IPv6), the AWS IPv6 metadata address and Alibaba's metadata address. */
    public static final List<String> DEFAULT_NET_DENY =
            List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32");

    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final int DEFAULT_MAX_ENV_VARS = 256;
    public static final int DEFAULT_MAX_ENV_BYTES = 256 * 1024;

    public ExecutionLimits {
        execAllow = List.copyOf(execAllow);
        netAllow = List.copyOf(netAllow);
        netDeny = List.copyOf(netDeny);
        if (maxRedirects < 0 || maxEnvVars < 1 || maxEnvBytes < 1) {
            throw new IllegalArgumentException("maxRedirects must be >= 0 and maxEnvVars, maxEnvBytes >= 1");
        }
    }

    /** Any program, the default deny list, 5 redirects, 256 variables and 256 KiB of environment. */
    public static ExecutionLimits defaults() {
        return new ExecutionLimits(
                List.of(ANY),
                false,
                List.of(),
                Cidr.parseAll(DEFAULT_NET_DENY),
                DEFAULT_MAX_REDIRECTS,
                DEFAULT_MAX_ENV_VARS,
                DEFAULT_MAX_ENV_BYTES);
    }

    public boolean anyProgram() {
        return execAllow.contains(ANY);
    }

    public ExecutionLimits withExec(List<String> allow, boolean disabled) {
        return new ExecutionLimits(allow, disabled, netAllow, netDeny, maxRedirects, maxEnvVars, maxEnvBytes);
    }

    public ExecutionLimits withNet(List<Cidr> allow, List<Cidr> deny) {
        return new ExecutionLimits(execAllow, execDisabled, allow, deny, maxRedirects, maxEnvVars, maxEnvBytes);
    }

    public ExecutionLimits withEnv(int vars, int bytes) {
        return new ExecutionLimits(execAllow, execDisabled, netAllow, netDeny, maxRedirects, vars, bytes);
    }
}
