package io.ferry.saga;

import io.ferry.state.StepRecord;
import io.ferry.state.StepStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a procedure run has done so far, counted from its journal.
 *
 * @param steps steps by status
 * @param items items by outcome: {@code done} (every step completed), {@code undone} (its steps were
 *     undone), {@code failed} (a step failed or an undo failed), {@code pending} (the rest)
 */
public record ProcedureReport(Map<StepStatus, Long> steps, Map<String, Long> items) {

    /** Copies the maps. */
    public ProcedureReport {
        steps = Map.copyOf(steps);
        items = Map.copyOf(items);
    }

    /**
     * @param records a run's steps
     * @param itemSteps how many steps each item has, by item key
     * @return the counts
     */
    static ProcedureReport of(List<StepRecord> records, Map<String, Integer> itemSteps) {
        Map<StepStatus, Long> steps = new EnumMap<>(StepStatus.class);
        records.forEach(r -> steps.merge(r.status(), 1L, Long::sum));
        Map<String, Long> items = new LinkedHashMap<>();
        for (String outcome : List.of("done", "undone", "failed", "pending")) {
            items.put(outcome, 0L);
        }
        Map<String, List<StepRecord>> byScope = records.stream().collect(Collectors.groupingBy(StepRecord::scope));
        for (Map.Entry<String, Integer> item : itemSteps.entrySet()) {
            List<StepRecord> mine = byScope.getOrDefault(item.getKey(), List.of());
            String outcome;
            if (mine.stream().anyMatch(r -> r.status() == StepStatus.FAILED || r.status() == StepStatus.UNDO_FAILED)) {
                outcome = "failed";
            } else if (mine.size() == item.getValue() && mine.stream().allMatch(r -> r.status() == StepStatus.COMPLETED)) {
                outcome = "done";
            } else if (!mine.isEmpty() && mine.stream().allMatch(r -> r.status() == StepStatus.UNDONE)) {
                outcome = "undone";
            } else {
                outcome = "pending";
            }
            items.merge(outcome, 1L, Long::sum);
        }
        return new ProcedureReport(steps, items);
    }

    /**
     * @param status a status
     * @return how many steps have it
     */
    public long count(StepStatus status) {
        return steps.getOrDefault(status, 0L);
    }
}
