package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal of one continuous sync: its settings, whether it is paused, the change-feed cursor, one
 * row per pass (with the run that carried it out), and per source key the marker (version or update
 * time) last copied and the target key it was copied to, so that the next pass copies only what
 * changed and a deletion in the source can be carried to the right target key. Obtained from
 * {@link StateStore#createSync} or {@link StateStore#findSync}.
 */
public final class SyncJournal {

    /**
     * A sync as journaled.
     *
     * @param id the sync's id
     * @param runbookPath the runbook it follows
     * @param runbookName the runbook's name
     * @param every the wait between passes
     * @param propagateDeletes whether deletions in the source are carried to the target
     * @param paused whether passes are held
     * @param cursor the change-feed cursor, or null
     * @param passes passes started so far
     * @param processId the process that runs it
     * @param actor who started it
     * @param startedAt when it started
     * @param updatedAt the last journal write
     */
    public record Sync(String id, String runbookPath, String runbookName, Duration every, boolean propagateDeletes,
                       boolean paused, String cursor, long passes, long processId, String actor, Instant startedAt,
                       Instant updatedAt) {
    }

    /**
     * One pass.
     *
     * @param pass its number, from 1
     * @param runId the run that copied its changes, or null when nothing changed
     * @param mode {@code changes} (from the change feed) or {@code compare} (by version and update time)
     * @param startedAt when it started
     * @param finishedAt when it ended, or null
     * @param changed source records found changed
     * @param deleted target records deleted because the source deleted them
     * @param status where it stands
     * @param error why it failed, or null
     */
    public record Pass(long pass, String runId, String mode, Instant startedAt, Instant finishedAt, long changed,
                       long deleted, PassStatus status, String error) {
    }

    /**
     * What the last pass copied from one source key.
     *
     * @param sourceKey the source key
     * @param marker its version or update time when copied, or null when unknown
     * @param targetKey where it went
     */
    public record Mark(String sourceKey, String marker, String targetKey) {
    }

    private final Database db;
    private final String id;
    private final SyncDao syncs;
    private final SyncPassDao passes;
    private final SyncMarkDao marks;

    SyncJournal(Database db, String id) {
        this.db = db;
        this.id = id;
        this.syncs = new SyncDao(db);
        this.passes = new SyncPassDao(db, id);
        this.marks = new SyncMarkDao(db, id);
    }

    /** @return the sync's id */
    public String id() {
        return id;
    }

    /** @return the sync as journaled now */
    public Sync record() {
        return syncs.find(id).orElseThrow(() -> new StateException("sync " + id + " disappeared from " + db.location()));
    }

    /** @param paused hold passes, or let them go on */
    public void paused(boolean paused) {
        syncs.paused(id, paused);
    }

    /**
     * Records that this process now runs the sync, with these settings.
     *
     * @param every the wait between passes
     * @param propagateDeletes whether deletions are carried over
     */
    public void takeOver(Duration every, boolean propagateDeletes) {
        syncs.takeOver(id, every, propagateDeletes);
    }

    /** @param cursor the change-feed cursor the next pass starts from, or null to compare everything */
    public void cursor(String cursor) {
        syncs.cursor(id, cursor);
    }

    /**
     * Starts the next pass.
     *
     * @param mode {@code changes} or {@code compare}
     * @return its number
     */
    public long beginPass(String mode) {
        return db.inTransaction("start a pass of sync " + id, () -> {
            long pass = syncs.countPass(id);
            passes.insert(pass, mode);
            return pass;
        });
    }

    /**
     * @param pass the pass
     * @param mode how it found changes, which may have changed since it began (an expired cursor)
     */
    public void passMode(long pass, String mode) {
        passes.mode(pass, mode);
    }

    /**
     * @param pass the pass
     * @param runId the run that copied its changes, or null
     * @param changed records found changed
     * @param deleted target records deleted
     * @param status how it ended: done, failed or interrupted
     * @param error why it failed, or null
     */
    public void finishPass(long pass, String runId, long changed, long deleted, PassStatus status, String error) {
        passes.finish(pass, runId, changed, deleted, status, error);
    }

    /** @return every pass, oldest first */
    public List<Pass> passes() {
        return passes.all();
    }

    /**
     * Notes that a pass listed these source keys, and tells which changed since they were copied.
     *
     * @param markers source key to its current marker (null when the store gives neither version nor time)
     * @param pass the pass
     * @return the keys whose marker differs from the one copied, or that were never copied
     */
    public List<String> seen(Map<String, String> markers, long pass) {
        if (markers.isEmpty()) {
            return List.of();
        }
        Map<String, String> known = marks.markers(markers.keySet());
        marks.seen(markers.keySet(), pass);
        List<String> changed = new ArrayList<>();
        markers.forEach((k, marker) -> {
            if (marker == null || !marker.equals(known.get(k))) {
                changed.add(k);
            }
        });
        return changed;
    }

    /**
     * @param pass a pass that listed the whole source
     * @param limit the most wanted
     * @return marks of source keys that pass did not list: deleted from the source
     */
    public List<Mark> unseen(long pass, int limit) {
        return marks.unseen(pass, limit);
    }

    /**
     * @param sourceKey a source key
     * @return what was copied from it, if anything
     */
    public Optional<Mark> mark(String sourceKey) {
        return marks.find(sourceKey);
    }

    /**
     * @param afterSourceKey only marks after this key; empty for the first page
     * @param limit the most wanted
     * @return marks of copied records, in source key order
     */
    public List<Mark> copied(String afterSourceKey, int limit) {
        return marks.copied(afterSourceKey, limit);
    }

    /**
     * Records what a pass copied.
     *
     * @param marks the source keys settled, with their markers and target keys
     * @param pass the pass
     */
    public void settle(Collection<Mark> marks, long pass) {
        if (marks.isEmpty()) {
            return;
        }
        this.marks.settle(marks, pass);
    }

    /** @param sourceKey a source key whose secret is gone, to forget */
    public void forget(String sourceKey) {
        marks.forget(sourceKey);
    }
}
