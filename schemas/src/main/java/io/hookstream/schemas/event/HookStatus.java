package io.hookstream.schemas.event;

/**
 * Status of one hook. Result events carry Succeeded, Failed, TimedOut, Cancelled (stopped, or not started, because
 * its run was cancelled) or Skipped; Pending and Running appear only in the dispatcher's HTTP view of a run that is
 * still going.
 */
public enum HookStatus {
    Pending,
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
    Skipped;

    public boolean isTerminal() {
        return this != Pending && this != Running;
    }

    public boolean isFailure() {
        return this == Failed || this == TimedOut;
    }
}
