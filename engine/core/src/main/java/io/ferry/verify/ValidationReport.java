package io.ferry.verify;

import java.util.List;

/**
 * The result of comparing the target with the plan.
 *
 * @param compared records read back
 * @param matched records whose value matched the plan
 * @param missing records not found in the target
 * @param mismatched records found with another value
 * @param extra records in the target's scope that the run did not plan (informational)
 * @param matchRate matched over compared; 1 when nothing was compared
 * @param minMatchRate the bar
 * @param examples up to 20 keys that did not match, with the reason; never a value
 */
public record ValidationReport(long compared, long matched, long missing, long mismatched, long extra,
                               double matchRate, double minMatchRate, List<String> examples) {

    /** Copies the examples. */
    public ValidationReport {
        examples = List.copyOf(examples);
    }

    /** @return whether the match rate reached the bar */
    public boolean passed() {
        return matchRate >= minMatchRate;
    }
}
