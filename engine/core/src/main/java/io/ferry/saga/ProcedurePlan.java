package io.ferry.saga;

import java.util.List;

/**
 * The steps a procedure would run, for a dry run: nothing is run but the finding of items.
 *
 * @param runbook the runbook's name
 * @param steps the steps in the order they would run
 */
public record ProcedurePlan(String runbook, List<PlannedStep> steps) {

    /** Copies the list. */
    public ProcedurePlan {
        steps = List.copyOf(steps);
    }

    /**
     * One step as it would run.
     *
     * @param batch its batch (0: the procedure's own steps and unbatched items)
     * @param itemKey the item's key, or null outside {@code forEach}
     * @param step the step's name
     * @param undoable whether it has an undo
     */
    public record PlannedStep(int batch, String itemKey, String step, boolean undoable) {
    }

    /** @return how many distinct items the steps run for */
    public long items() {
        return steps.stream().filter(s -> s.itemKey() != null).map(PlannedStep::itemKey).distinct().count();
    }
}
