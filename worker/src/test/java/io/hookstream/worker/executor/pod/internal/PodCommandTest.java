package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.template.ExecAction;
import io.hookstream.worker.executor.internal.InvalidActionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodCommandTest {

    @Test
    void withoutParamsTheCommandRunsAsWritten() throws InvalidActionException {
        assertThat(PodCommand.argv(new ExecAction(List.of("pg_dump", "-f", "/tmp/x")), Map.of(), false))
                .containsExactly("pg_dump", "-f", "/tmp/x");
    }

    @Test
    void withParamsEnvSetsEachVariableAsOneArgument() throws InvalidActionException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TABLE", "a b; drop");
        environment.put("HOOKSTREAM_RUN_ID", "run-1");

        assertThat(PodCommand.argv(new ExecAction(List.of("sh", "-c", "echo $TABLE")), environment, true))
                .containsExactly("env", "TABLE=a b; drop", "HOOKSTREAM_RUN_ID=run-1", "sh", "-c", "echo $TABLE");
    }

    @Test
    void refusesWhatEnvWouldMisread() {
        assertThatThrownBy(() -> PodCommand.argv(new ExecAction(List.of("A=1")), Map.of("X", "1"), true))
                .isInstanceOf(InvalidActionException.class)
                .hasMessageContaining("command[0]");
        assertThatThrownBy(() -> PodCommand.argv(new ExecAction(List.of("true")), Map.of("-i", "1"), true))
                .isInstanceOf(InvalidActionException.class)
                .hasMessageContaining("'-i'");
    }

    @Test
    void refusesAnEmptyCommand() {
        assertThatThrownBy(() -> PodCommand.argv(new ExecAction(List.of()), Map.of(), false))
                .isInstanceOf(InvalidActionException.class)
                .hasMessageContaining("action.exec.command is empty");
    }
}
