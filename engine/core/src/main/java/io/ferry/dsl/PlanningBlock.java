package io.ferry.dsl;

import io.ferry.runbook.OnExisting;
import io.ferry.runbook.Planning;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;

/** The delegate of {@code planning { }}: what to do about records the target already has. */
public final class PlanningBlock extends StageBlock {

    private Planning planning = Planning.defaults();

    PlanningBlock(Evaluation evaluation, Runbook.Builder runbook) {
        super(Stage.PLANNING, evaluation, runbook);
    }

    /** @param choice {@code skip} (the default), {@code update} or {@code fail} */
    public void onExisting(String choice) {
        evaluation().attempt(() -> planning = new Planning(OnExisting.of(choice), planning.takeOwnership()));
    }

    /** @param take whether {@code update} may overwrite records the engine did not write; default false */
    public void takeOwnership(boolean take) {
        planning = new Planning(planning.onExisting(), take);
    }

    Planning planning() {
        return planning;
    }
}
