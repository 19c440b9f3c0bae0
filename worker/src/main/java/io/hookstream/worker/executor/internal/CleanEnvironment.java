package io.hookstream.worker.executor.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of an exec action: nothing of the worker's but a few harmless variables, then every param
 * under its own name, then the hook's identity. Values are data: no shell ever sees them.
 */
public final class CleanEnvironment {

    /** The only worker variables a hook process inherits (when the worker has them). */
    public static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

    public static final String RUN_ID = "HOOKSTREAM_RUN_ID";
    public static final String HOOK_NAME = "HOOKSTREAM_HOOK_NAME";

    private CleanEnvironment() {}

    /**
     * Builds the environment; a param named like an inherited variable replaces it, and the two HOOKSTREAM_
     * variables always win.
     *
     * @throws InvalidActionException when a param name or value cannot be an environment variable
     */
    public static Map<String, String> of(
            Map<String, String> workerEnvironment, Map<String, String> params, String runId, String hookName)
            throws InvalidActionException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = workerEnvironment.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        for (Map.Entry<String, String> param : params.entrySet()) {
            String name = param.getKey();
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new InvalidActionException("param name '" + name + "' cannot be passed to action.exec as an"
                        + " environment variable: rename the param (no '=' and no NUL characters)");
            }
            String value = param.getValue() == null ? "" : param.getValue();
            if (value.indexOf('\0') >= 0) {
                throw new InvalidActionException("param '" + name + "' contains a NUL character, which an"
                        + " environment variable cannot hold: remove it from the value");
            }
            environment.put(name, value);
        }
        putIfPresent(environment, RUN_ID, runId);
        putIfPresent(environment, HOOK_NAME, hookName);
        return environment;
    }

    /**
     * {@link #of} within caps: at most {@code maxVariables} variables and {@code maxBytes} bytes, each variable
     * counted as UTF-8 {@code NAME=VALUE} plus its terminating NUL (as the kernel counts it).
     *
     * @throws InvalidActionException when a cap is exceeded, naming the cap and the setting that raises it
     */
    public static Map<String, String> of(
            Map<String, String> workerEnvironment,
            Map<String, String> params,
            String runId,
            String hookName,
            int maxVariables,
            int maxBytes)
            throws InvalidActionException {
        Map<String, String> environment = of(workerEnvironment, params, runId, hookName);
        if (environment.size() > maxVariables) {
            throw new InvalidActionException("action.exec: the environment would hold " + environment.size()
                    + " variables, more than the " + maxVariables + " allowed (--exec-env-max-vars): pass fewer"
                    + " params");
        }
        long bytes = 0;
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            bytes += variable.getKey().getBytes(StandardCharsets.UTF_8).length
                    + variable.getValue().getBytes(StandardCharsets.UTF_8).length
                    + 2L;
        }
        if (bytes > maxBytes) {
            throw new InvalidActionException("action.exec: the environment would hold " + bytes + " bytes, more"
                    + " than the " + maxBytes + " allowed (--exec-env-max-bytes): pass smaller params");
        }
        return environment;
    }

    private static void putIfPresent(Map<String, String> environment, String name, String value) {
        if (value != null && value.indexOf('\0') < 0) {
            environment.put(name, value);
        }
    }
}
