package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code action.exec}: the command as argv; no shell is added. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecAction(List<String> command) {

    public ExecAction {
        command = command == null ? null : List.copyOf(command);
    }
}
