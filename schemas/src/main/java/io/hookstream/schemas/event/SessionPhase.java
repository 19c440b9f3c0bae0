package io.hookstream.schemas.event;

/** {@code session.status.phase}. */
public enum SessionPhase {
    Succeeded,
    Failed
}
