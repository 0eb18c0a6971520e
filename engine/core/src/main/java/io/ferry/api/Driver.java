package io.ferry.api;

import io.ferry.rollback.RollbackScope;
import java.util.function.Supplier;

/**
 * Steps one run through its work and journals every transition: the stages of a copy
 * ({@link RunDriver}) or the steps of a procedure ({@link ProcedureDriver}). {@link Ferry} picks one
 * for the run's runbook and gives every command the same frame: the command runs guarded, then the
 * run's report is rewritten whatever the outcome.
 */
interface Driver extends AutoCloseable {

    /** @return the run it drives */
    String runId();

    /**
     * Runs a command of this driver, journaling any failure that escapes it in the way this kind of
     * run needs.
     *
     * @param command one of this driver's commands
     * @return what the command returned
     */
    RunResult guarded(Supplier<RunResult> command);

    /** @return the run, from its first stage or step to its end */
    RunResult run();

    /** @return the run, continued from where its journal says it stopped */
    RunResult resume();

    /**
     * @param scope what to undo
     * @return the run, rolled back
     */
    RunResult rollback(RollbackScope scope);

    /** Closes the stores and the audit trail it opened. */
    @Override
    void close();
}
