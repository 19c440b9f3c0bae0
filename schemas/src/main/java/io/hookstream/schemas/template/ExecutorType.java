package io.hookstream.schemas.template;

/** Values of {@code spec.executor.type}. */
public enum ExecutorType {
    Function,
    Pod,
    Operator
}
