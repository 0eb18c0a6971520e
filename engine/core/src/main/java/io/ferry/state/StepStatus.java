package io.ferry.state;

/** Where one step of a procedure stands. */
public enum StepStatus {
    /** Started and not recorded as finished: running now, or interrupted by a crash. */
    STARTED,
    /** Done; never run again by this run. */
    COMPLETED,
    /** Failed; its own undo is not run, as it did not complete. */
    FAILED,
    /** Completed, then undone. */
    UNDONE,
    /** Completed; its undo failed and needs a person. */
    UNDO_FAILED
}
