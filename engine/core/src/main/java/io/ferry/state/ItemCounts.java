package io.ferry.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The items of a run counted in one pass: by planned action, by status, and those flagged for
 * review.
 *
 * @param actions the number of items by planned action, in the actions' order
 * @param statuses the number of items by status, in the statuses' order
 * @param flagged the number of items flagged for review
 */
public record ItemCounts(Map<Action, Long> actions, Map<ItemStatus, Long> statuses, long flagged) {

    /** Copies the maps, keeping the order of their keys. */
    public ItemCounts {
        Map<Action, Long> a = new EnumMap<>(Action.class);
        a.putAll(actions);
        actions = Collections.unmodifiableMap(a);
        Map<ItemStatus, Long> s = new EnumMap<>(ItemStatus.class);
        s.putAll(statuses);
        statuses = Collections.unmodifiableMap(s);
    }
}
