package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a hook ran and what came back there: an exec's exit code and the tails of its stdout and stderr
 * (at most {@value #TAIL_LIMIT_BYTES} bytes each), an HTTP status, or the error that stopped it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetResult(
        String name, Integer exitCode, Integer httpStatus, String stdout, String stderr, String error) {

    public static final int TAIL_LIMIT_BYTES = 4096;
}
