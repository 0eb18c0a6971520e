package io.ferry.monitor;

import io.ferry.state.PhaseJournal;
import java.util.List;

/**
 * What a shadow-read watch saw.
 *
 * @param checks the comparisons, oldest first
 * @param minMatchRate the bar each had to hold
 * @param passed whether the window passed with every comparison at or above the bar
 * @param interrupted whether Ctrl-C ended it early
 * @param reason why it ended, in one line
 */
public record MonitorResult(List<PhaseJournal.Check> checks, double minMatchRate, boolean passed, boolean interrupted,
                            String reason) {

    /** Copies the list. */
    public MonitorResult {
        checks = List.copyOf(checks);
    }

    /** @return records compared over every check */
    public long compared() {
        return checks.stream().mapToLong(PhaseJournal.Check::compared).sum();
    }

    /** @return the match rate over every check; 1 when nothing was compared */
    public double matchRate() {
        long compared = compared();
        return compared == 0 ? 1.0 : (double) checks.stream().mapToLong(PhaseJournal.Check::matched).sum() / compared;
    }

    /** @return records that differed at the last check */
    public long drift() {
        return checks.isEmpty() ? 0 : checks.get(checks.size() - 1).drift();
    }
}
