package io.hookstream.templates.render;

import io.hookstream.schemas.event.SessionSummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a hook template is rendered over: the session summary ({@code .Name}, {@code .Invoker}, ...) and every
 * param the template declares, resolved to its value ("" when optional and absent) as {@code .Params.NAME}.
 * A null session renders its fields as "".
 */
public record RenderContext(SessionSummary session, Map<String, String> params) {

    public RenderContext {
        Map<String, String> copy = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((name, value) -> copy.put(name, value == null ? "" : value));
        }
        params = Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        // param values may be secrets: never print them
        return "RenderContext[session=" + session + ", params=" + params.keySet() + "]";
    }
}
