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
    INVALID;

    /** @return whether the executor writes for this action */
    public boolean writes() {
        return this == CREATE || this == UPDATE;
    }

    /** @return whether this action stops a run before anything is written */
    public boolean blocks() {
        return this == CONFLICT || this == INVALID;
    }
}
