package io.ferry.migrate;

import io.ferry.api.ExitCode;
import io.ferry.api.RunResult;
import java.util.List;

/**
 * What {@code migrate} did.
 *
 * @param applied each runbook it ran, in order, with its run's result (the last one failed when
 *     {@link #error()} is set)
 * @param error why it stopped, or null when every pending runbook succeeded
 * @param exitCode the exit code of the outcome
 */
public record MigrateResult(List<Applied> applied, String error, ExitCode exitCode) {

    /** Copies the list. */
    public MigrateResult {
        applied = List.copyOf(applied);
    }

    /**
     * One runbook run by {@code migrate}.
     *
     * @param runbook the runbook
     * @param result its run's result, or null when it failed before its run began
     * @param success whether it counts as applied
     * @param executionTimeMillis how long it took
     * @param failure the exit code of what stopped it before its run began (a store that cannot be
     *     used is 6, as from {@code ferry run}), or null when it has a result or succeeded
     */
    public record Applied(ResolvedRunbook runbook, RunResult result, boolean success, long executionTimeMillis,
                          ExitCode failure) {
    }
}
