package io.hookstream.schemas.template;

/** Operators of a label selector requirement, spelled as in Kubernetes. */
public enum SelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist
}
