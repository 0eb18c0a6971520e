package io.ferry.state;

/** Where one planned item stands in a run. */
public enum ItemStatus {
    /** Planned, not written yet. */
    PENDING,
    /** A write was started; after a crash its outcome is found by reading the target. */
    WRITING,
    /** Written and confirmed. */
    DONE,
    /** Failed after its retries. */
    FAILED,
    /** Nothing to write (unchanged, skipped, conflict, invalid). */
    NOOP,
    /** A rollback restored its before-image. */
    ROLLED_BACK,
    /** A rollback could not restore it, because the target was changed by someone else since. */
    ROLLBACK_FAILED
}
