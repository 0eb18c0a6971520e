package io.ferry.state;

/** What the plan does with one record. */
public enum Action {
    /** The target has no such record: write it. */
    CREATE,
    /** The target has it with a different value or metadata, and the runbook allows overwriting it. */
    UPDATE,
    /** The target already holds exactly this. */
    UNCHANGED,
    /** Left out on purpose (existing record kept, or skipped by a transform). */
    SKIP,
    /** Cannot be written as planned: two records map to one name, the target is not ours, or onExisting 'fail'. */
    CONFLICT,
    /** Breaks the target's rules (name, size, tags) or failed in a transform. */
    INVALID,
    /**
     * The target has a record the source does not, and the run deletes extra records
     * ({@code ferry restore --delete-extra}): delete it, keeping it as the before-image.
     */
    DELETE;

    /** @return whether the executor writes for this action (a deletion is a write, journaled and undone as one) */
    public boolean writes() {
        return this == CREATE || this == UPDATE || this == DELETE;
    }

    /** @return whether this action stops a run before anything is written */
    public boolean blocks() {
        return this == CONFLICT || this == INVALID;
    }
}
