package io.hookstream.schemas.event;

/** When a hook runs: Always (default), OnSuccess or OnFailure of the session ({@code session.status.phase}). */
public enum ExecutionPolicy {
    Always,
    OnSuccess,
    OnFailure
}
