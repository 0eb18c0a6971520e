package io.ferry.runbook;

import java.util.Map;

/** What a hook sees: the run, the stage, the counts so far, and a log. */
public interface HookContext {

    /** @return the run's id */
    String getRunId();

    /** @return the stage the hook runs for, or null for a rollback hook */
    Stage getStage();

    /** @return counts by outcome so far (for example {@code created}, {@code failed}) */
    Map<String, Long> getCounts();

    /**
     * Writes a line to the run's log and audit trail.
     *
     * @param message the line, never containing a value
     */
    void log(String message);
}
