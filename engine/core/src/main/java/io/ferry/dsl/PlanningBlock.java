package io.ferry.dsl;

import io.ferry.runbook.OnExisting;
import io.ferry.runbook.OnSoftDeleted;
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
        evaluation().attempt(() -> planning = new Planning(OnExisting.of(choice), planning.takeOwnership(),
                planning.onSoftDeleted()));
    }

    /** @param take whether {@code update} may overwrite records the engine did not write; default false */
    public void takeOwnership(boolean take) {
        planning = new Planning(planning.onExisting(), take, planning.onSoftDeleted());
    }

    /**
     * @param choice {@code fail} (the default), {@code recover} or {@code purge}: what to do with a name
     *     the target holds as a deleted but recoverable secret
     */
    public void onSoftDeleted(String choice) {
        evaluation().attempt(() -> planning = new Planning(planning.onExisting(), planning.takeOwnership(),
                OnSoftDeleted.of(choice)));
    }

    Planning planning() {
        return planning;
    }
}
