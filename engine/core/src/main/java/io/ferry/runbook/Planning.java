package io.ferry.runbook;

import java.util.List;
import java.util.Objects;

/**
 * Options of the planning stage.
 *
 * @param onExisting what to do with a target record that exists with a different value
 * @param takeOwnership whether {@link OnExisting#UPDATE} may overwrite target records the engine did
 *     not write (by default they are planned as conflicts), and extra records be deleted
 * @param onSoftDeleted what to do with a name held by a deleted but recoverable secret in the target
 * @param deleteExtra globs of target keys that the run deletes when no record of the run lands on
 *     them and discovery would keep them ({@code ferry restore --delete-extra}); each deletion keeps
 *     the record as its before-image, so that a rollback writes it back. Empty to delete nothing.
 */
public record Planning(OnExisting onExisting, boolean takeOwnership, OnSoftDeleted onSoftDeleted, List<String> deleteExtra) {

    /** Checks the fields and copies the globs. */
    public Planning {
        Objects.requireNonNull(onExisting, "onExisting");
        Objects.requireNonNull(onSoftDeleted, "onSoftDeleted");
        deleteExtra = List.copyOf(deleteExtra);
    }

    /**
     * Planning that deletes nothing.
     *
     * @param onExisting what to do with a target record that exists with a different value
     * @param takeOwnership whether updates may overwrite records the engine did not write
     * @param onSoftDeleted what to do with a name held by a deleted but recoverable secret in the target
     */
    public Planning(OnExisting onExisting, boolean takeOwnership, OnSoftDeleted onSoftDeleted) {
        this(onExisting, takeOwnership, onSoftDeleted, List.of());
    }

    /**
     * Planning that refuses to create over soft-deleted names and deletes nothing.
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
