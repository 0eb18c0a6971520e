package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The journal of one run. Record images are sealed with the run's data key, bound to the run, the
 * item and which image it is, so an image cannot be moved to another item or run. Writes are
 * batched: one transaction per call.
 */
public final class RunJournal {

    private final StateStore store;
    private final Sql sql;
    private final String runId;
    private final Aead aead;
    private final Fingerprinter fingerprinter;
    private final Aead stepCipher;

    RunJournal(StateStore store, String runId, byte[] dataKey) {
        this.store = store;
        this.sql = new Sql(store);
        this.runId = runId;
        this.aead = new Aead(Aead.subkey(dataKey, "ferry journal images"));
        this.stepCipher = new Aead(Aead.subkey(dataKey, "ferry procedure steps"));
        this.fingerprinter = new Fingerprinter(Aead.subkey(dataKey, "ferry fingerprints"));
    }

    StateStore store() {
        return store;
    }

    /** @return the run id */
    public String runId() {
        return runId;
    }

    /** The cipher of a procedure's items and step variables, under this run's data key. */
    Aead stepCipher() {
        return stepCipher;
    }

    /** @return the run's keyed fingerprinter, the same for every process that opens this run */
    public Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    /** @return the run as journaled now */
    public RunRecord record() {
        return store.run(runId).orElseThrow(() -> new StateException("run " + runId + " disappeared from " + store.file()));
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
        synchronized (store) {
            inTransaction(c -> {
                if (!earlierVersions.isEmpty()) {
                    insertVersions(c, earlierVersions);
                }
                insert(c, items, fold);
            });
        }
    }

    private void insertVersions(Connection c, Map<Long, List<SecretRecord>> earlierVersions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ferry_item_versions (run_id, seq, idx, image, fingerprint) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, List<SecretRecord>> e : earlierVersions.entrySet()) {
                List<SecretRecord> versions = e.getValue();
                for (int i = 0; i < versions.size(); i++) {
                    ps.setString(1, runId);
                    ps.setLong(2, e.getKey());
                    ps.setInt(3, i);
                    ps.setBytes(4, seal(versions.get(i), e.getKey(), "version-" + i));
                    ps.setString(5, versions.get(i).value().fingerprint(fingerprinter));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * @param afterSeq items after this position
     * @param lastSeq up to and including this one
     * @return the earlier versions those items carry, oldest first, by item; most items carry none
     */
    public Map<Long, List<SecretRecord>> earlierVersions(long afterSeq, long lastSeq) {
        Map<Long, List<SecretRecord>> versions = new java.util.HashMap<>();
        synchronized (store) {
            query("SELECT seq, idx, image FROM ferry_item_versions WHERE run_id = ? AND seq > ? AND seq <= ? "
                    + "ORDER BY seq, idx", ps -> {
                ps.setString(1, runId);
                ps.setLong(2, afterSeq);
                ps.setLong(3, lastSeq);
            }, rs -> {
                while (rs.next()) {
                    long seq = rs.getLong("seq");
                    versions.computeIfAbsent(seq, s -> new ArrayList<>())
                            .add(open(rs.getBytes("image"), seq, "version-" + rs.getInt("idx")));
                }
            });
        }
        return versions;
    }

    private void insert(Connection c, List<JournalItem> items, Function<String, String> fold) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ferry_items (run_id, seq, source_key, target_key, target_fold, action, reason, flags,
                  changes, value_changed, source_fp, desired_fp, desired_image, before_image, status,
                  attempts, error, written_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL)""")) {
            for (JournalItem item : items) {
                ps.setString(1, runId);
                ps.setLong(2, item.seq());
                ps.setString(3, item.sourceKey());
                ps.setString(4, item.targetKey());
                ps.setString(5, fold.apply(item.targetKey()));
                ps.setString(6, item.action().name());
                ps.setString(7, item.reason());
                ps.setString(8, join(item.flags()));
                ps.setString(9, join(item.changes()));
                if (item.valueChanged() == null) {
                    ps.setNull(10, Types.INTEGER);
                } else {
                    ps.setInt(10, item.valueChanged() ? 1 : 0);
                }
                ps.setString(11, item.sourceFingerprint());
                ps.setString(12, item.desiredFingerprint());
                ps.setBytes(13, seal(item.desired(), item.seq(), "desired"));
                ps.setBytes(14, seal(item.before(), item.seq(), "before"));
                ps.setString(15, item.status().name());
                ps.setString(16, item.error());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Turns every group of items that would land on one target name (the same name, or names the
     * target treats as one) into conflicts, naming the other source keys.
     *
     * @param caseInsensitive whether the target folds case, for the wording
     * @return how many items became conflicts
     */
    public int markCollisions(boolean caseInsensitive) {
        synchronized (store) {
            List<String[]> groups = new ArrayList<>();
            query("""
                    SELECT target_fold, group_concat(source_key, char(31)), group_concat(target_key, char(31))
                    FROM ferry_items WHERE run_id = ? AND action <> 'SKIP'
                    GROUP BY target_fold HAVING count(*) > 1""", ps -> ps.setString(1, runId), rs -> {
                while (rs.next()) {
                    groups.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            });
            int[] marked = {0};
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ferry_items SET action = 'CONFLICT', status = 'NOOP', reason = ?
                        WHERE run_id = ? AND target_fold = ? AND action <> 'SKIP'""")) {
                    for (String[] g : groups) {
                        List<String> sources = Arrays.asList(g[1].split("\u001f"));
                        Set<String> targets = new HashSet<>(Arrays.asList(g[2].split("\u001f")));
                        String reason = targets.size() > 1
                                ? "names " + String.join(", ", targets.stream().sorted().toList())
                                        + " are one secret in the target" + (caseInsensitive ? " (it ignores case)" : "")
                                        + "; source keys " + String.join(", ", sources)
                                : sources.size() + " records map to target name '" + targets.iterator().next()
                                        + "': " + String.join(", ", sources);
                        ps.setString(1, reason + "; change the name mapping so each lands on its own name");
                        ps.setString(2, runId);
                        ps.setString(3, g[0]);
                        marked[0] += ps.executeUpdate();
                    }
                }
            });
            return marked[0];
        }
    }

    /**
     * @param sourceKeys keys in the source
     * @return the items planned from them, without their images, in plan order
     */
    public List<JournalItem> itemsOfSourceKeys(Collection<String> sourceKeys) {
        List<JournalItem> items = new ArrayList<>();
        if (sourceKeys.isEmpty()) {
            return items;
        }
        synchronized (store) {
            query("SELECT run_id, seq, source_key, target_key, action, reason, flags, changes, value_changed, source_fp, "
                    + "desired_fp, NULL AS desired_image, NULL AS before_image, status, attempts, error, written_version "
                    + "FROM ferry_items WHERE run_id = ? AND source_key IN (" + marks(sourceKeys) + ") ORDER BY seq", ps -> {
                        ps.setString(1, runId);
                        bind(ps, 2, sourceKeys);
                    }, rs -> {
                        while (rs.next()) {
                            items.add(readItem(rs));
                        }
                    });
        }
        return items;
    }

    /** @return the position of the last item, 0 when there is none */
    public long lastSeq() {
        long[] last = {0};
        synchronized (store) {
            query("SELECT coalesce(max(seq), 0) FROM ferry_items WHERE run_id = ?", ps -> ps.setString(1, runId),
                    rs -> last[0] = rs.getLong(1));
        }
        return last[0];
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
        Set<String> held = new HashSet<>();
        if (folds.isEmpty()) {
            return held;
        }
        synchronized (store) {
            query("SELECT DISTINCT target_fold FROM ferry_items WHERE run_id = ? AND action <> 'SKIP' AND target_fold IN ("
                    + marks(folds) + ")" + (exceptSourceKeys.isEmpty() ? "" : " AND source_key NOT IN (" + marks(exceptSourceKeys) + ")"),
                    ps -> {
                        ps.setString(1, runId);
                        int next = bind(ps, 2, folds);
                        bind(ps, next, exceptSourceKeys);
                    }, rs -> {
                        while (rs.next()) {
                            held.add(rs.getString(1));
                        }
                    });
        }
        return held;
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
        int[] removed = {0};
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM ferry_items WHERE run_id = ? AND status IN "
                        + "('NOOP', 'FAILED') AND source_key IN (" + marks(sourceKeys) + ")")) {
                    ps.setString(1, runId);
                    bind(ps, 2, sourceKeys);
                    removed[0] = ps.executeUpdate();
                }
                insert(c, items, fold);
                touch(c);
            });
        }
        return removed[0];
    }

    /**
     * Records that the run goes on with an edited runbook, whose checksum resuming and rolling back
     * will expect from now on.
     *
     * @param checksum the runbook's new checksum
     */
    public void runbookChecksum(String checksum) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_runs SET runbook_checksum = ? WHERE id = ?")) {
                    ps.setString(1, checksum);
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
            });
        }
    }

    private static String marks(Collection<String> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(", "));
    }

    private static int bind(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }

    /** Removes every item, so an interrupted planning can start again. */
    public void deleteItems() {
        synchronized (store) {
            inTransaction(c -> {
                for (String table : List.of("ferry_items", "ferry_item_versions")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                        ps.setString(1, runId);
                        ps.executeUpdate();
                    }
                }
            });
        }
    }

    /**
     * Puts the writes that failed back in the queue, so that a resumed run tries them again once
     * the cause is fixed.
     *
     * @return how many were requeued
     */
    public int requeueFailed() {
        int[] n = {0};
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ferry_items SET status = 'PENDING', error = NULL
                        WHERE run_id = ? AND status = 'FAILED' AND action IN ('CREATE', 'UPDATE')""")) {
                    ps.setString(1, runId);
                    n[0] = ps.executeUpdate();
                }
            });
        }
        return n[0];
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
        return page(statuses, "seq > ? ORDER BY seq ASC", afterSeq, limit, withImages);
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
        return page(statuses, "seq < ? ORDER BY seq DESC", beforeSeq, limit, true);
    }

    private List<JournalItem> page(Collection<ItemStatus> statuses, String order, long bound, int limit, boolean images) {
        String filter = statuses == null ? "" : " AND status IN (" + statuses.stream().map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", ")) + ")";
        String columns = images ? "*" : "run_id, seq, source_key, target_key, action, reason, flags, changes, value_changed, "
                + "source_fp, desired_fp, NULL AS desired_image, NULL AS before_image, status, attempts, error, written_version";
        List<JournalItem> items = new ArrayList<>();
        synchronized (store) {
            query("SELECT " + columns + " FROM ferry_items WHERE run_id = ?" + filter + " AND " + order + " LIMIT ?", ps -> {
                ps.setString(1, runId);
                ps.setLong(2, bound);
                ps.setInt(3, limit);
            }, rs -> {
                while (rs.next()) {
                    items.add(readItem(rs));
                }
            });
        }
        return items;
    }

    /**
     * @param targetKeys keys seen in the target
     * @return those this run planned
     */
    public Set<String> plannedTargetKeys(Collection<String> targetKeys) {
        Set<String> known = new HashSet<>();
        if (targetKeys.isEmpty()) {
            return known;
        }
        String marks = targetKeys.stream().map(k -> "?").collect(Collectors.joining(", "));
        synchronized (store) {
            query("SELECT target_key FROM ferry_items WHERE run_id = ? AND target_key IN (" + marks + ")", ps -> {
                ps.setString(1, runId);
                int i = 2;
                for (String k : targetKeys) {
                    ps.setString(i++, k);
                }
            }, rs -> {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            });
        }
        return known;
    }

    /** @return the number of items by planned action */
    public Map<Action, Long> actionCounts() {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        synchronized (store) {
            query("SELECT action, count(*) FROM ferry_items WHERE run_id = ? GROUP BY action", ps -> ps.setString(1, runId), rs -> {
                while (rs.next()) {
                    counts.put(Action.valueOf(rs.getString(1)), rs.getLong(2));
                }
            });
        }
        return counts;
    }

    /** @return the number of items by status */
    public Map<ItemStatus, Long> statusCounts() {
        Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
        synchronized (store) {
            query("SELECT status, count(*) FROM ferry_items WHERE run_id = ? GROUP BY status", ps -> ps.setString(1, runId), rs -> {
                while (rs.next()) {
                    counts.put(ItemStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            });
        }
        return counts;
    }

    /** @return the number of items flagged for review */
    public long flaggedCount() {
        long[] n = {0};
        synchronized (store) {
            query("SELECT count(*) FROM ferry_items WHERE run_id = ? AND flags IS NOT NULL", ps -> ps.setString(1, runId),
                    rs -> n[0] = rs.getLong(1));
        }
        return n[0];
    }

    /**
     * Marks a page of pending items as being written, before their writes start, so that a crash
     * leaves them to be reconciled against the target rather than written again blindly.
     *
     * @param afterSeq the page starts after this position
     * @param lastSeq the page's last position; every pending item in between is in the page
     */
    public void markWriting(long afterSeq, long lastSeq) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ferry_items SET status = 'WRITING'
                        WHERE run_id = ? AND status = 'PENDING' AND seq > ? AND seq <= ?""")) {
                    ps.setString(1, runId);
                    ps.setLong(2, afterSeq);
                    ps.setLong(3, lastSeq);
                    ps.executeUpdate();
                }
            });
        }
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
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ferry_items SET status = ?, attempts = attempts + ?, error = ?,
                          written_version = coalesce(?, written_version),
                          flags = CASE WHEN ? IS NULL THEN flags WHEN flags IS NULL THEN ? ELSE flags || '; ' || ? END
                        WHERE run_id = ? AND seq = ?""")) {
                    for (Outcome o : outcomes) {
                        ps.setString(1, o.status().name());
                        ps.setInt(2, o.attempts());
                        ps.setString(3, o.error());
                        ps.setString(4, o.writtenVersion());
                        ps.setString(5, o.flag());
                        ps.setString(6, o.flag());
                        ps.setString(7, o.flag());
                        ps.setString(8, runId);
                        ps.setLong(9, o.seq());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                touch(c);
            });
        }
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
    public void status(RunStatus status, String stage, String error) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ferry_runs SET status = ?, stage = ?, error = ?, updated_at = ?,
                          finished_at = CASE WHEN ? THEN ? ELSE NULL END, process_id = ?
                        WHERE id = ?""")) {
                    String now = Instant.now().toString();
                    ps.setString(1, status.name());
                    ps.setString(2, stage);
                    ps.setString(3, error);
                    ps.setString(4, now);
                    ps.setBoolean(5, status.finished());
                    ps.setString(6, now);
                    ps.setLong(7, ProcessHandle.current().pid());
                    ps.setString(8, runId);
                    ps.executeUpdate();
                }
            });
        }
    }

    /** @param summaryJson the latest counts and validation result */
    public void summary(String summaryJson) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_runs SET summary_json = ? WHERE id = ?")) {
                    ps.setString(1, summaryJson);
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
            });
        }
    }

    /**
     * @param stage a stage's name
     * @param finished false when it starts, true when it ends
     */
    public void stage(String stage, boolean finished) {
        synchronized (store) {
            inTransaction(c -> {
                String sql = finished
                        ? "UPDATE ferry_stages SET status = 'finished', finished_at = ? WHERE run_id = ? AND stage = ?"
                        : "INSERT OR REPLACE INTO ferry_stages (started_at, run_id, stage, status) VALUES (?, ?, ?, 'started')";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, Instant.now().toString());
                    ps.setString(2, runId);
                    ps.setString(3, stage);
                    ps.executeUpdate();
                }
            });
        }
    }

    /** @return the stages that finished, in order of finishing */
    public List<String> finishedStages() {
        List<String> stages = new ArrayList<>();
        synchronized (store) {
            query("SELECT stage FROM ferry_stages WHERE run_id = ? AND status = 'finished' ORDER BY finished_at",
                    ps -> ps.setString(1, runId), rs -> {
                        while (rs.next()) {
                            stages.add(rs.getString(1));
                        }
                    });
        }
        return stages;
    }

    private JournalItem readItem(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        int changed = rs.getInt("value_changed");
        Boolean valueChanged = rs.wasNull() ? null : changed == 1;
        return new JournalItem(seq, rs.getString("source_key"), rs.getString("target_key"),
                Action.valueOf(rs.getString("action")), rs.getString("reason"), split(rs.getString("flags")),
                split(rs.getString("changes")), valueChanged, rs.getString("source_fp"), rs.getString("desired_fp"),
                open(rs.getBytes("desired_image"), seq, "desired"), open(rs.getBytes("before_image"), seq, "before"),
                ItemStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("error"),
                rs.getString("written_version"));
    }

    private byte[] seal(SecretRecord record, long seq, String which) {
        return record == null ? null : aead.seal(RecordCodec.encode(record), Aead.ad(runId + "/" + seq + "/" + which));
    }

    private SecretRecord open(byte[] sealed, long seq, String which) {
        if (sealed == null) {
            return null;
        }
        try {
            return RecordCodec.decode(aead.open(sealed, Aead.ad(runId + "/" + seq + "/" + which)));
        } catch (DecryptionException e) {
            throw new StateException("the " + which + "-image of item " + seq + " of run " + runId
                    + " does not decrypt; the state store was altered or the item was moved");
        }
    }

    private static String join(List<String> parts) {
        return parts == null || parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("; "));
    }

    private void touch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_runs SET updated_at = ? WHERE id = ?")) {
            ps.setString(1, Instant.now().toString());
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    private void inTransaction(Sql.Work work) {
        sql.inTransaction("write the journal of run " + runId, work);
    }

    private void query(String statement, Sql.Binder binder, Sql.Rows reader) {
        sql.read("read the journal of run " + runId, statement, binder, reader);
    }
}
