package io.ferry.state;

import java.util.Locale;

/** Where one pass of a continuous sync stands. Stored by {@link #label()}. */
public enum PassStatus {
    /** Under way, or cut short by a crash. */
    RUNNING,
    /** Finished; what changed was copied. */
    DONE,
    /** Stopped by an error. */
    FAILED,
    /** Stopped by Ctrl-C or a stop request; the next pass picks up what it left. */
    INTERRUPTED;

    /** @return the stored and displayed name, such as {@code done} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the label, as passes have always been shown */
    @Override
    public String toString() {
        return label();
    }

    static PassStatus ofStored(String stored) {
        try {
            return valueOf(stored.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StateException("a sync's journal names an unknown pass status '" + stored
                    + "'; the state store was written by another Ferry or altered");
        }
    }
}
