package io.hookstream.worker.executor.internal;

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

    private CleanEnvironment() {
    }

    /**
     * Builds the environment; a param named like an inherited variable replaces it, and the two HOOKSTREAM_
     * variables always win.
     *
     * @throws InvalidActionException when a param name or value cannot be an environment variable
     */
    public static Map<String, String> of(Map<String, String> workerEnvironment, Map<String, String> params,
                                         String runId, String hookName) throws InvalidActionException {
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

    private static void putIfPresent(Map<String, String> environment, String name, String value) {
        if (value != null && value.indexOf('\0') < 0) {
            environment.put(name, value);
        }
    }
}
