package io.ferry.runbook;

import java.util.Objects;

/**
 * Options of the planning stage.
 *
 * @param onExisting what to do with a target record that exists with a different value
 * @param takeOwnership whether {@link OnExisting#UPDATE} may overwrite target records the engine did
 *     not write (by default they are planned as conflicts)
 */
public record Planning(OnExisting onExisting, boolean takeOwnership) {

    /** Checks the fields. */
    public Planning {
        Objects.requireNonNull(onExisting, "onExisting");
    }

    /** @return skip existing records, never take ownership */
    public static Planning defaults() {
        return new Planning(OnExisting.SKIP, false);
    }
}
