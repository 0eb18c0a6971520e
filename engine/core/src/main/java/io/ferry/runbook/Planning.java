package io.ferry.runbook;

import java.util.Objects;

/**
 * Options of the planning stage.
 *
 * @param onExisting what to do with a target record that exists with a different value
 * @param takeOwnership whether {@link OnExisting#UPDATE} may overwrite target records the engine did
 *     not write (by default they are planned as conflicts)
 * @param onSoftDeleted what to do with a name held by a deleted but recoverable secret in the target
 */
public record Planning(OnExisting onExisting, boolean takeOwnership, OnSoftDeleted onSoftDeleted) {

    /** Checks the fields. */
    public Planning {
        Objects.requireNonNull(onExisting, "onExisting");
        Objects.requireNonNull(onSoftDeleted, "onSoftDeleted");
    }

    /**
     * Planning that refuses to create over soft-deleted names.
     *
     * @param onExisting what to do with a target record that exists with a different value
     * @param takeOwnership whether updates may overwrite records the engine did not write
     */
    public Planning(OnExisting onExisting, boolean takeOwnership) {
        this(onExisting, takeOwnership, OnSoftDeleted.FAIL);
    }

    /** @return skip existing records, never take ownership, never touch soft-deleted names */
    public static Planning defaults() {
        return new Planning(OnExisting.SKIP, false, OnSoftDeleted.FAIL);
    }
}
