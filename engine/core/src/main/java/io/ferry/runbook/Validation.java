package io.ferry.runbook;

import java.util.Objects;

/**
 * Options of the validation stage.
 *
 * @param compare full, a sample, or none
 * @param sampleFraction the fraction compared when sampling, in (0, 1]
 * @param minMatchRate the fraction of compared records that must match, in [0, 1]
 * @param onFailure what happens below it
 */
public record Validation(Compare compare, double sampleFraction, double minMatchRate, OnFailure onFailure) {

    /** How much of the target validation reads back. */
    public enum Compare {
        /** Every written and unchanged record. */
        FULL,
        /** A random fraction of them. */
        SAMPLE,
        /** Nothing; the run is not validated. */
        NONE
    }

    /** Checks the ranges. */
    public Validation {
        Objects.requireNonNull(compare, "compare");
        Objects.requireNonNull(onFailure, "onFailure");
        if (!(sampleFraction > 0 && sampleFraction <= 1)) {
            throw new IllegalArgumentException("a sample fraction must be above 0 and at most 1, got " + sampleFraction);
        }
        if (!(minMatchRate >= 0 && minMatchRate <= 1)) {
            throw new IllegalArgumentException("minMatchRate must be between 0 and 1, got " + minMatchRate);
        }
    }

    /** @return full comparison, every record must match, stop on failure */
    public static Validation defaults() {
        return new Validation(Compare.FULL, 1.0, 1.0, OnFailure.STOP);
    }
}
