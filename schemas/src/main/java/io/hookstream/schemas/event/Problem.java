package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Why a request or template was refused: the field at fault (a JSON path), a reason code and a message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String field, String reason, String message) {

    @Override
    public String toString() {
        return field == null ? message : field + ": " + message;
    }
}
