package io.ferry.runbook;

/** What a procedure step does, or what undoes it. */
@FunctionalInterface
public interface StepAction {

    /**
     * @param context the run, the item, the step's variables and a log
     * @throws Exception to fail the step (an action) or to report an undo that could not finish
     */
    void run(StepContext context) throws Exception;
}
