package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One hook of a run, as KubeStash's {@code HookInfo}: its name, the template it uses, params (a JSON
 * object), {@code maxRetry} (default 0), {@code timeout} (a duration string such as {@code 30s}) and
 * {@code executionPolicy} (default Always).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookInfo(String name, TemplateRef hookTemplate, Map<String, Object> params, Integer maxRetry,
                       String timeout, ExecutionPolicy executionPolicy) {

    public HookInfo {
        params = params == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public int effectiveMaxRetry() {
        return maxRetry == null ? 0 : maxRetry;
    }

    public ExecutionPolicy effectiveExecutionPolicy() {
        return executionPolicy == null ? ExecutionPolicy.Always : executionPolicy;
    }
}
