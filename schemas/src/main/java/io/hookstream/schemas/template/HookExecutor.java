package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.executor}: who runs the hook (Function, Pod or Operator) and its section. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookExecutor(ExecutorType type, FunctionHookExecutorSpec function, PodHookExecutorSpec pod) {}
