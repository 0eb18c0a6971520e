package io.ferry.phase;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a migration stands in its cutover, in order. */
public enum Phase {
    /** The existing secrets are being copied to the new store. */
    COPYING,
    /** Applications write both stores; the old one still serves reads. */
    DUAL_WRITE,
    /** Reads are compared between the stores, and the match rate is watched. */
    SHADOW_READ,
    /** The new store serves reads. */
    CUTOVER,
    /** The old store is retired. Final. */
    COMPLETE,
    /** The migration was undone. Final. */
    ROLLED_BACK;

    /** @return the name used on the command line, such as {@code dual-write} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether no transition leaves this phase */
    public boolean isFinal() {
        return this == COMPLETE || this == ROLLED_BACK;
    }

    /** @return the phase after this one on the way forward, or null for the final ones and cutover's end */
    public Phase next() {
        return switch (this) {
            case COPYING -> DUAL_WRITE;
            case DUAL_WRITE -> SHADOW_READ;
            case SHADOW_READ -> CUTOVER;
            case CUTOVER -> COMPLETE;
            case COMPLETE, ROLLED_BACK -> null;
        };
    }

    /**
     * @param label a phase's command-line name
     * @return the phase
     * @throws IllegalArgumentException naming the phases
     */
    public static Phase of(String label) {
        for (Phase p : values()) {
            if (p.label().equals(label) || p.name().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + label + "'; phases are "
                + Arrays.stream(values()).map(Phase::label).collect(Collectors.joining(", ")));
    }
}
