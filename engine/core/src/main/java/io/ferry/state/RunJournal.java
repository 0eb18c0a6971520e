package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The journal of one run: its row in {@code ferry_runs}, its planned items and the earlier versions
 * they carry, and, through {@link #steps()} and {@link #telemetry()}, its procedure steps and its
 * progress. Record images are sealed with the run's data key, bound to the run, the item and which
 * image it is, so an image cannot be moved to another item or run. Writes are batched: one
 * transaction per call. Obtained from {@link StateStore#createRun} or {@link StateStore#openRun}.
 */
public final class RunJournal {

    private final Database db;
    private final String runId;
    private final Sealer stepSealer;
    private final Fingerprinter fingerprinter;
    private final RunDao runs;
    private final ItemDao items;
    private final ItemVersionDao versions;
    private final String writing;

    RunJournal(Database db, String runId, byte[] dataKey) {
        this.db = db;
        this.runId = runId;
        this.fingerprinter = new Fingerprinter(Aead.subkey(dataKey, "ferry fingerprints"));
        this.stepSealer = new Sealer(dataKey, "ferry procedure steps");
        Sealer images = new Sealer(dataKey, "ferry journal images");
        this.runs = new RunDao(db);
        this.items = new ItemDao(db, runId, images);
        this.versions = new ItemVersionDao(db, runId, images, fingerprinter);
        this.writing = "write the journal of run " + runId;
    }

    /** @return the run id */
    public String runId() {
        return runId;
    }

    /** @return the run's keyed fingerprinter, the same for every process that opens this run */
    public Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    /** @return the journal of this run's procedure steps */
    public StepJournal steps() {
        return new StepJournal(db, this, stepSealer);
    }

    /** @return this run's progress over time and its retry counts */
    public RunTelemetry telemetry() {
        return new RunTelemetry(db, runId);
    }

    /** @return the run as journaled now */
    public RunRecord record() {
        return runs.find(runId).orElseThrow(() -> new StateException("run " + runId + " disappeared from " + db.location()));
    }

    /**
     * Appends planned items in one transaction.
     *
     * @param items the items, with their images
     * @param fold maps a target key to the form under which the target treats two names as one
     */
    public void insertItems(List<JournalItem> items, Function<String, String> fold) {
        insertItems(items, fold, Map.of());
    }

    /**
     * Appends planned items, and the earlier versions some of them carry, in one transaction.
     *
     * @param items the items, with their images
     * @param fold maps a target key to the form under which the target treats two names as one
     * @param earlierVersions by item, the versions to write before the item's own, oldest first
     */
    public void insertItems(List<JournalItem> items, Function<String, String> fold,
                            Map<Long, List<SecretRecord>> earlierVersions) {
        db.inTransaction(writing, () -> {
            versions.insert(earlierVersions);
            this.items.insert(items, fold);
        });
    }

    /**
     * @param afterSeq items after this position
     * @param lastSeq up to and including this one
     * @return the earlier versions those items carry, oldest first, by item; most items carry none
     */
    public Map<Long, List<SecretRecord>> earlierVersions(long afterSeq, long lastSeq) {
        return versions.between(afterSeq, lastSeq);
    }

    /**
     * Turns every group of items that would land on one target name (the same name, or names the
     * target treats as one) into conflicts, naming the other source keys.
     *
     * @param caseInsensitive whether the target folds case, for the wording
     * @return how many items became conflicts
     */
    public int markCollisions(boolean caseInsensitive) {
        return items.markCollisions(caseInsensitive);
    }

    /**
     * @param sourceKeys keys in the source
     * @return the items planned from them, without their images, in plan order
     */
    public List<JournalItem> itemsOfSourceKeys(Collection<String> sourceKeys) {
        return items.ofSourceKeys(sourceKeys);
    }

    /** @return the position of the last item, 0 when there is none */
    public long lastSeq() {
        return items.lastSeq();
    }

    /**
     * Finds the target names that items of other source keys hold, so that a record planned again
     * does not land on a name another record of the run already has.
     *
     * @param folds target names, folded as the target compares them
     * @param exceptSourceKeys the source keys whose items do not count
     * @return those of the folds held by other items
     */
    public Set<String> foldsHeldByOthers(Collection<String> folds, Collection<String> exceptSourceKeys) {
        return items.foldsHeldByOthers(folds, exceptSourceKeys);
    }

    /**
     * Puts items planned again in place of the items of their source keys that wrote nothing, in
     * one transaction: either the old items stay or the new ones are there, never neither.
     *
     * @param sourceKeys the source keys planned again
     * @param items their new items, numbered after {@link #lastSeq()}
     * @param fold maps a target key to the form under which the target treats two names as one
     * @return how many old items were replaced
     */
    public int replaceUnwrittenItems(Collection<String> sourceKeys, List<JournalItem> items, Function<String, String> fold) {
        return db.inTransaction(writing, () -> {
            int removed = this.items.deleteUnwritten(sourceKeys);
            this.items.insert(items, fold);
            runs.touch(runId);
            return removed;
        });
    }

    /**
     * Replaces, in one transaction, the items of some source keys that have not been written yet
     * (pending or with nothing to write) with the ones planned for them again, as a paused run does
     * when their source records changed between its windows.
     *
     * @param sourceKeys the source keys planned again
     * @param items their new items, numbered after the run's last
     * @param fold how the target compares names, for the collision check
     * @return the items removed
     */
    public int replacePlannedItems(Collection<String> sourceKeys, List<JournalItem> items, Function<String, String> fold) {
        return db.inTransaction(writing, () -> {
            int removed = this.items.deletePlanned(sourceKeys);
            this.items.insert(items, fold);
            runs.touch(runId);
            return removed;
        });
    }

    /**
     * Records that the run goes on with an edited runbook, whose checksum resuming and rolling back
     * will expect from now on.
     *
     * @param checksum the runbook's new checksum
     */
    public void runbookChecksum(String checksum) {
        runs.runbookChecksum(runId, checksum);
    }

    /** Removes every item, so an interrupted planning can start again. */
    public void deleteItems() {
        db.inTransaction(writing, () -> {
            items.deleteAll();
            versions.deleteAll();
        });
    }

    /**
     * Puts the writes that failed back in the queue, so that a resumed run tries them again once
     * the cause is fixed.
     *
     * @return how many were requeued
     */
    public int requeueFailed() {
        return items.requeueFailed();
    }

    /**
     * Reads a page of items in plan order.
     *
     * @param statuses the statuses wanted, or null for all
     * @param afterSeq only items after this position
     * @param limit the page size
     * @param withImages whether to decrypt the images
     * @return the items
     */
    public List<JournalItem> items(Collection<ItemStatus> statuses, long afterSeq, int limit, boolean withImages) {
        return items.page(statuses, "seq > ? ORDER BY seq ASC", afterSeq, limit, withImages);
    }

    /**
     * Reads a page of items in reverse plan order, for rollback.
     *
     * @param statuses the statuses wanted
     * @param beforeSeq only items before this position
     * @param limit the page size
     * @return the items, with images
     */
    public List<JournalItem> itemsDescending(Collection<ItemStatus> statuses, long beforeSeq, int limit) {
        return items.page(statuses, "seq < ? ORDER BY seq DESC", beforeSeq, limit, true);
    }

    /**
     * @param targetKeys keys seen in the target
     * @return those this run planned
     */
    public Set<String> plannedTargetKeys(Collection<String> targetKeys) {
        return items.plannedTargetKeys(targetKeys);
    }

    /**
     * @param folds target names, folded as the target compares them
     * @return those of them that some item of this run lands on, whatever its action
     */
    public Set<String> plannedFolds(Collection<String> folds) {
        return items.plannedFolds(folds);
    }

    /** @return the number of items by planned action */
    public Map<Action, Long> actionCounts() {
        return items.actionCounts();
    }

    /** @return the number of items by status */
    public Map<ItemStatus, Long> statusCounts() {
        return items.statusCounts();
    }

    /** @return the items counted by action, by status and flagged, in one pass */
    public ItemCounts counts() {
        return items.counts();
    }

    /**
     * @param limit the most items wanted
     * @return the first items flagged for review, in plan order, without their images
     */
    public List<JournalItem> flaggedItems(int limit) {
        return items.page(null, "flags IS NOT NULL AND seq > ? ORDER BY seq ASC", 0, limit, false);
    }

    /** @return the number of items flagged for review */
    public long flaggedCount() {
        return items.flaggedCount();
    }

    /**
     * Marks a page of pending items as being written, before their writes start, so that a crash
     * leaves them to be reconciled against the target rather than written again blindly.
     *
     * @param afterSeq the page starts after this position
     * @param lastSeq the page's last position; every pending item in between is in the page
     */
    public void markWriting(long afterSeq, long lastSeq) {
        items.markWriting(afterSeq, lastSeq);
    }

    /**
     * Records what became of items, in one transaction.
     *
     * @param outcomes the outcomes
     */
    public void recordOutcomes(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        db.inTransaction(writing, () -> {
            items.recordOutcomes(outcomes);
            runs.touch(runId);
        });
    }

    /**
     * What became of one item.
     *
     * @param seq the item
     * @param status its new status
     * @param attempts writes tried in this step
     * @param error the failure, or null
     * @param writtenVersion the version written, or null to keep the journaled one
     * @param flag a reason to flag it for review, or null
     */
    public record Outcome(long seq, ItemStatus status, int attempts, String error, String writtenVersion, String flag) {
    }

    /**
     * @param status the run's new status
     * @param stage the stage it is in
     * @param error why it stopped, or null
     */
    public void status(RunStatus status, RunStage stage, String error) {
        runs.status(runId, status, stage, error);
    }

    /** @param summaryJson the latest counts and validation result */
    public void summary(String summaryJson) {
        runs.summary(runId, summaryJson);
    }
}
