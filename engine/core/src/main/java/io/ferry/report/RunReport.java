package io.ferry.report;

import io.ferry.state.Action;
import io.ferry.state.ItemCounts;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.state.RunRecord;
import io.ferry.state.RunTelemetry;
import io.ferry.state.StepJournal;
import io.ferry.verify.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run's report shows, read from its journal: keys, counts, reasons and times, never a
 * value.
 *
 * @param generatedAt when the report was made
 * @param run the run as journaled
 * @param actions planned items by action
 * @param items items by status
 * @param flagged items flagged for review
 * @param counts retries and throttled attempts
 * @param throughput progress samples, oldest first
 * @param stagePasses each pass of each stage, with its times and records, earliest first
 * @param storePaces how each class of call to each store was paced
 * @param errors failed items, at most {@value #MAX_LISTED}
 * @param errorCount failed items in all
 * @param flaggedRecords flagged items, at most {@value #MAX_LISTED}
 * @param validation the validation result, or null when the run was not validated
 * @param steps a procedure's steps as journaled, in the order they first started; empty for a copy
 */
public record RunReport(Instant generatedAt, RunRecord run, Map<Action, Long> actions, Map<ItemStatus, Long> items,
                        long flagged, RunTelemetry.Counts counts, List<RunTelemetry.Sample> throughput,
                        List<RunTelemetry.StagePass> stagePasses, List<RunTelemetry.StorePace> storePaces, List<Entry> errors,
                        long errorCount, List<Entry> flaggedRecords, ValidationReport validation, List<Step> steps) {

    /** The most failed or flagged items a report lists; the counts include the rest. */
    public static final int MAX_LISTED = 1000;

    /**
     * One failed or flagged item.
     *
     * @param sourceKey its source key
     * @param targetKey its target key
     * @param action the planned action
     * @param attempts write attempts
     * @param detail the error or the flags
     */
    public record Entry(String sourceKey, String targetKey, String action, int attempts, String detail) {
    }

    /**
     * One step of a procedure, for one item (or for the run as a whole).
     *
     * @param step the step's name
     * @param itemKey the item it ran for, or null for a step of the whole run
     * @param status how it ended (or where it stands)
     * @param attempts how often it was tried
     * @param error why it failed, or null
     */
    public record Step(String step, String itemKey, String status, int attempts, String error) {
    }

    /** Copies the collections. */
    public RunReport {
        actions = Map.copyOf(actions);
        items = Map.copyOf(items);
        throughput = List.copyOf(throughput);
        stagePasses = List.copyOf(stagePasses);
        storePaces = List.copyOf(storePaces);
        errors = List.copyOf(errors);
        flaggedRecords = List.copyOf(flaggedRecords);
        steps = List.copyOf(steps);
    }

    /**
     * @param journal the run's journal
     * @param validation its validation result, or null
     * @return the report
     */
    public static RunReport of(RunJournal journal, ValidationReport validation) {
        // Only the items to list are read: a run's items are counted by the journal, not here.
        List<Entry> errors = new ArrayList<>();
        for (JournalItem item : journal.items(Set.of(ItemStatus.FAILED), 0, MAX_LISTED, false)) {
            errors.add(new Entry(item.sourceKey(), item.targetKey(), item.action().name(), item.attempts(), item.error()));
        }
        List<Entry> flagged = new ArrayList<>();
        for (JournalItem item : journal.flaggedItems(MAX_LISTED)) {
            flagged.add(new Entry(item.sourceKey(), item.targetKey(), item.action().name(), item.attempts(),
                    String.join("; ", item.flags())));
        }
        ItemCounts counts = journal.counts();
        Map<Action, Long> actions = new LinkedHashMap<>(counts.actions());
        Map<ItemStatus, Long> items = new LinkedHashMap<>(counts.statuses());
        RunTelemetry telemetry = journal.telemetry();
        List<Step> steps = journal.steps().steps().stream()
                .map(s -> new Step(s.step(), s.itemKey(), s.status().name(), s.attempts(), s.error()))
                .toList();
        return new RunReport(Instant.now(), journal.record(), actions, items, counts.flagged(), telemetry.counts(),
                telemetry.samples(), telemetry.stagePasses(), telemetry.storePaces(), errors,
                items.getOrDefault(ItemStatus.FAILED, 0L), flagged, validation, steps);
    }

    /** @return items written */
    public long written() {
        return items.getOrDefault(ItemStatus.DONE, 0L);
    }

    /** @return items whose writes failed */
    public long failed() {
        return items.getOrDefault(ItemStatus.FAILED, 0L);
    }

    /** @return items planned, whatever their action */
    public long planned() {
        return actions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return items handled: written, failed, or needing no write */
    public long processed() {
        return items.entrySet().stream()
                .filter(e -> Set.of(ItemStatus.DONE, ItemStatus.FAILED, ItemStatus.NOOP).contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
