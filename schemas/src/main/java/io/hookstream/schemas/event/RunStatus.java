package io.hookstream.schemas.event;

/**
 * Status of a run. Outcomes on the runs topic are Succeeded, Failed, Cancelled or Rejected; Running appears only
 * in the dispatcher's HTTP view of a run that is still going.
 */
public enum RunStatus {
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Rejected;

    public boolean isTerminal() {
        return this != Running;
    }
}
