package io.ferry.state;

/** Where a run stands. */
public enum RunStatus {
    /** Discovery and planning are under way. */
    PLANNING(false),
    /** Planned and saved; nothing written yet. */
    PLANNED(false),
    /** Writing. */
    EXECUTING(false),
    /** Reading back what was written. */
    VALIDATING(false),
    /** Stopped by Ctrl-C; resumable. */
    INTERRUPTED(false),
    /**
     * Stopped at the end of a batch because its maintenance window closed; it continues in the next
     * window, and can be rolled back meanwhile.
     */
    PAUSED(false),
    /** Stopped by the error policy, a blocking plan or an error; resumable or reversible. */
    STOPPED(false),
    /** Every record is where it should be. */
    SUCCEEDED(true),
    /** Finished, with records that failed or were flagged. */
    SUCCEEDED_WITH_ISSUES(true),
    /** The match rate fell below the runbook's bar. */
    VALIDATION_FAILED(true),
    /** Being rolled back. */
    ROLLING_BACK(false),
    /** Some of its records were rolled back (by key); the rest are as the run wrote them. */
    PARTLY_ROLLED_BACK(true),
    /** Rolled back. */
    ROLLED_BACK(true);

    private final boolean finished;

    RunStatus(boolean finished) {
        this.finished = finished;
    }

    /** @return whether the run has ended (nothing left to resume) */
    public boolean finished() {
        return finished;
    }
}
