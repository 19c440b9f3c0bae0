package io.hookstream.worker.executor.function.internal;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

/**
 * Where a Job stands: still running, succeeded, failed (with the reason of its Failed condition, e.g.
 * {@code DeadlineExceeded} or {@code BackoffLimitExceeded}), or gone.
 */
public record JobState(Phase phase, String reason, String message) {

    /** The phases of a Job as the executor sees them. */
    public enum Phase {
        RUNNING,
        SUCCEEDED,
        FAILED,
        DELETED
    }

    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    public static JobState of(Job job) {
        if (job == null) {
            return new JobState(Phase.DELETED, null, null);
        }
        JobStatus status = job.getStatus();
        if (status == null) {
            return new JobState(Phase.RUNNING, null, null);
        }
        if (status.getConditions() != null) {
            for (JobCondition condition : status.getConditions()) {
                if (!"True".equals(condition.getStatus())) {
                    continue;
                }
                if ("Complete".equals(condition.getType())) {
                    return new JobState(Phase.SUCCEEDED, condition.getReason(), condition.getMessage());
                }
                if ("Failed".equals(condition.getType())) {
                    return new JobState(Phase.FAILED, condition.getReason(), condition.getMessage());
                }
            }
        }
        if (status.getSucceeded() != null && status.getSucceeded() > 0) {
            return new JobState(Phase.SUCCEEDED, null, null);
        }
        if (status.getFailed() != null && status.getFailed() > 0) {
            return new JobState(Phase.FAILED, null, null);
        }
        return new JobState(Phase.RUNNING, null, null);
    }

    public boolean finished() {
        return phase != Phase.RUNNING;
    }

    public boolean deadlineExceeded() {
        return phase == Phase.FAILED && DEADLINE_EXCEEDED.equals(reason);
    }
}
