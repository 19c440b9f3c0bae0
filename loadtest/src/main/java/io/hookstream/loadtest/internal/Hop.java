package io.hookstream.loadtest.internal;

/** The topics a pass watches: hook events (dispatched), results and run outcomes. */
public enum Hop {
    HOOK_EVENT,
    RESULT,
    OUTCOME
}
