package io.ferry.runbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The stages of a run, in order. */
public enum Stage {
    /** Stream the source and filter it. */
    DISCOVERY,
    /** Transform, map names, read the target, decide an action per record. */
    PLANNING,
    /** Write, journaling before-images and outcomes. */
    EXECUTION,
    /** Read back what was written and compare it with what was planned. */
    VALIDATION;

    /** @return the name used in the DSL and on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label a stage's DSL name
     * @return the stage
     * @throws IllegalArgumentException naming the valid stages
     */
    public static Stage of(String label) {
        for (Stage s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + label + "'; stages are "
                + Arrays.stream(values()).map(Stage::label).collect(Collectors.joining(", ")));
    }
}
