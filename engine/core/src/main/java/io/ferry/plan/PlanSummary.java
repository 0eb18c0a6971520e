package io.ferry.plan;

import io.ferry.state.Action;
import java.util.Map;

/**
 * The counts of a plan.
 *
 * @param actions items by action
 * @param flagged items flagged for review
 * @param complete whether every record was planned (false when cancelled)
 */
public record PlanSummary(Map<Action, Long> actions, long flagged, boolean complete) {

    /** Copies the counts. */
    public PlanSummary {
        actions = Map.copyOf(actions);
    }

    /**
     * @param action an action
     * @return how many items have it
     */
    public long count(Action action) {
        return actions.getOrDefault(action, 0L);
    }

    /** @return items that stop the plan from being applied (conflicts, invalid records) */
    public long blocking() {
        return count(Action.CONFLICT) + count(Action.INVALID);
    }

    /** @return items the executor will write or delete */
    public long writes() {
        return count(Action.CREATE) + count(Action.UPDATE) + count(Action.DELETE);
    }

    /** @return all items */
    public long total() {
        return actions.values().stream().mapToLong(Long::longValue).sum();
    }
}
