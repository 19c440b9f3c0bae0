package io.hookstream.worker.executor.pod.internal;

import io.hookstream.schemas.template.ExecAction;
import io.hookstream.worker.executor.internal.InvalidActionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv a pod's exec runs. Without params it is the action's command as is (so images without {@code env}
 * work); with params it is {@code env NAME=value ... command...}: the container's environment plus every param
 * and the HOOKSTREAM_ variables, still argv, never a shell string.
 */
public final class PodCommand {

    static final String ENV = "env";

    private PodCommand() {}

    /**
     * @param environment the variables to add (params first, then HOOKSTREAM_RUN_ID and HOOKSTREAM_HOOK_NAME)
     * @param withEnv     whether to prefix {@code env} and the variables
     * @throws InvalidActionException when the command is empty, holds a null or NUL, or {@code env} would
     *                                misread a part of it
     */
    public static List<String> argv(ExecAction exec, Map<String, String> environment, boolean withEnv)
            throws InvalidActionException {
        List<String> command = exec.command();
        if (command == null
                || command.isEmpty()
                || command.get(0) == null
                || command.get(0).isBlank()) {
            throw new InvalidActionException("action.exec.command is empty: give the program and its arguments,"
                    + " such as [\"/bin/sh\", \"-c\", \"pg_dump ...\"]");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null || command.get(i).indexOf('\0') >= 0) {
                throw new InvalidActionException("action.exec.command[" + i + "] is null or holds a NUL"
                        + " character: every item must be a plain string");
            }
        }
        if (!withEnv) {
            return command;
        }
        if (command.get(0).indexOf('=') >= 0) {
            throw new InvalidActionException("action.exec.command[0] '" + command.get(0) + "' contains '=', which"
                    + " 'env' (used to pass the params to the pod) would read as a variable: name the program"
                    + " without '='");
        }
        List<String> argv = new ArrayList<>();
        argv.add(ENV);
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getKey().startsWith("-")) {
                throw new InvalidActionException("param name '" + variable.getKey() + "' starts with '-', which"
                        + " 'env' would read as an option: rename the param");
            }
            argv.add(variable.getKey() + "=" + variable.getValue());
        }
        argv.addAll(command);
        return argv;
    }
}
