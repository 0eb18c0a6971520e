package io.ferry.sync;

import io.ferry.state.RunStatus;

/**
 * What one pass of a continuous sync did.
 *
 * @param pass its number, from 1
 * @param mode {@code changes} (read from the change feed), {@code compare} (by version and update
 *     time), or {@code compare (cursor expired)} when the feed had forgotten the cursor
 * @param runId the run that copied the changed records, or null when nothing changed
 * @param runStatus that run's outcome, or null
 * @param changed source records found changed
 * @param deleted target records deleted because the source deleted them
 * @param error why the pass did not complete, or null
 * @param failure what stopped the pass before it finished (a store that could not be opened or
 *     answered, a runbook that no longer loads), or null; a command ends with that failure's exit code,
 *     as it would for a run
 */
public record SyncPass(long pass, String mode, String runId, RunStatus runStatus, long changed, long deleted, String error,
                       RuntimeException failure) {

    /** @return whether everything found changed was copied (and deleted) */
    public boolean complete() {
        return error == null;
    }

    /** @return whether Ctrl-C stopped it */
    public boolean interrupted() {
        return runStatus == RunStatus.INTERRUPTED;
    }
}
