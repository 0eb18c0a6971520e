package io.ferry.state;

import java.util.Locale;

/**
 * The stage a run is in or stopped in, as its journal records it: the four stages of a copy, the
 * steps of a procedure, a rollback, or done. Stored by {@link #label()}, the text journals have
 * always held.
 */
public enum RunStage {
    /** Streaming the source. */
    DISCOVERY,
    /** Deciding an action per record. */
    PLANNING,
    /** Writing. */
    EXECUTION,
    /** Reading back what was written. */
    VALIDATION,
    /** Running a procedure's steps. */
    STEPS,
    /** Undoing what the run wrote. */
    ROLLBACK,
    /** Finished forward. */
    DONE;

    /** @return the stored and displayed name, such as {@code execution} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the label, as runs have always shown their stage */
    @Override
    public String toString() {
        return label();
    }

    /**
     * @param label a stage's label, as {@link #label()} gives it
     * @return the stage
     * @throws IllegalArgumentException when no stage has that label
     */
    public static RunStage of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** @return the stage stored as this text, or null for none */
    static RunStage ofStored(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return of(stored);
        } catch (IllegalArgumentException e) {
            throw new StateException("a run's journal names an unknown stage '" + stored
                    + "'; the state store was written by another Ferry or altered");
        }
    }
}
