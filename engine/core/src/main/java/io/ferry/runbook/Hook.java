package io.ferry.runbook;

/** Code a runbook runs before or after a stage, or when a run is rolled back. */
@FunctionalInterface
public interface Hook {

    /**
     * @param context the run and stage it is called for
     * @throws Exception to fail the stage (a before hook) or be reported (an after or rollback hook)
     */
    void run(HookContext context) throws Exception;
}
