package io.ferry.state;

import io.ferry.secret.SecretRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code ferry_items} table of one run: its planned items in plan order, their outcomes, and
 * their desired and before-images, sealed bound to the run, the item and which image it is.
 */
final class ItemDao {

    private static final String WITHOUT_IMAGES = "run_id, seq, source_key, target_key, action, reason, flags, changes, "
            + "value_changed, source_fp, desired_fp, NULL AS desired_image, NULL AS before_image, status, attempts, error, "
            + "written_version";

    /** Items set by one statement at most; well under both databases' limits on parameters. */
    private static final int ALIKE_PER_STATEMENT = 500;

    private final Database db;
    private final String runId;
    private final Sealer images;
    private final String reading;
    private final String writing;

    ItemDao(Database db, String runId, Sealer images) {
        this.db = db;
        this.runId = runId;
        this.images = images;
        this.reading = "read the journal of run " + runId;
        this.writing = "write the journal of run " + runId;
    }

    /** @return what an image of an item is bound to: the run, the item and which image */
    static String binding(String runId, long seq, String which) {
        return runId + "/" + seq + "/" + which;
    }

    static String altered(String runId, long seq, String which) {
        return "the " + which + "-image of item " + seq + " of run " + runId
                + " does not decrypt; the state store was altered or the item was moved";
    }

    void insert(List<JournalItem> items, Function<String, String> fold) {
        List<Object[]> rows = new ArrayList<>(items.size());
        for (JournalItem item : items) {
            rows.add(new Object[] {runId, item.seq(), item.sourceKey(), item.targetKey(), fold.apply(item.targetKey()),
                item.action(), item.reason(), join(item.flags()), join(item.changes()), item.valueChanged(),
                item.sourceFingerprint(), item.desiredFingerprint(), seal(item.desired(), item.seq(), "desired"),
                seal(item.before(), item.seq(), "before"), item.status(), item.error()});
        }
        db.batch(writing, """
                INSERT INTO ferry_items (run_id, seq, source_key, target_key, target_fold, action, reason, flags,
                  changes, value_changed, source_fp, desired_fp, desired_image, before_image, status,
                  attempts, error, written_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL)""", rows);
    }

    /** Turns every group of items landing on one folded target name into conflicts; in one transaction. */
    int markCollisions(boolean caseInsensitive) {
        Dialect dialect = db.dialect();
        return db.inTransaction(writing, () -> {
            List<String[]> groups = db.list(reading, "SELECT target_fold, " + dialect.joinWithUnitSeparator("source_key")
                    + ", " + dialect.joinWithUnitSeparator("target_key") + " FROM ferry_items WHERE run_id = ? AND action <> 'SKIP' "
                    + "GROUP BY target_fold HAVING count(*) > 1",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, runId);
            int marked = 0;
            for (String[] g : groups) {
                List<String> sources = Arrays.asList(g[1].split("\u001f"));
                Set<String> targets = new HashSet<>(Arrays.asList(g[2].split("\u001f")));
                String reason = targets.size() > 1
                        ? "names " + String.join(", ", targets.stream().sorted().toList())
                                + " are one secret in the target" + (caseInsensitive ? " (it ignores case)" : "")
                                + "; source keys " + String.join(", ", sources)
                        : sources.size() + " records map to target name '" + targets.iterator().next()
                                + "': " + String.join(", ", sources);
                marked += db.update(writing, """
                        UPDATE ferry_items SET action = 'CONFLICT', status = 'NOOP', reason = ?
                        WHERE run_id = ? AND target_fold = ? AND action <> 'SKIP'""",
                        reason + "; change the name mapping so each lands on its own name", runId, g[0]);
            }
            return marked;
        });
    }

    List<JournalItem> ofSourceKeys(Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return new ArrayList<>();
        }
        return db.list(reading, "SELECT " + WITHOUT_IMAGES + " FROM ferry_items WHERE run_id = ? AND source_key IN ("
                + Database.marks(sourceKeys) + ") ORDER BY seq", this::map, runId, sourceKeys);
    }

    long lastSeq() {
        return db.number(reading, "SELECT coalesce(max(seq), 0) FROM ferry_items WHERE run_id = ?", runId);
    }

    Set<String> foldsHeldByOthers(Collection<String> folds, Collection<String> exceptSourceKeys) {
        if (folds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(db.list(reading, "SELECT DISTINCT target_fold FROM ferry_items WHERE run_id = ? AND action <> 'SKIP' "
                + "AND target_fold IN (" + Database.marks(folds) + ")"
                + (exceptSourceKeys.isEmpty() ? "" : " AND source_key NOT IN (" + Database.marks(exceptSourceKeys) + ")"),
                rs -> rs.getString(1), runId, folds, exceptSourceKeys));
    }

    /** @return how many items of these source keys that wrote nothing were removed */
    int deleteUnwritten(Collection<String> sourceKeys) {
        return db.update(writing, "DELETE FROM ferry_items WHERE run_id = ? AND status IN ('NOOP', 'FAILED') AND source_key IN ("
                + Database.marks(sourceKeys) + ")", runId, sourceKeys);
    }

    int deletePlanned(Collection<String> sourceKeys) {
        return db.update(writing, "DELETE FROM ferry_items WHERE run_id = ? AND status IN ('PENDING', 'NOOP') AND source_key IN ("
                + Database.marks(sourceKeys) + ")", runId, sourceKeys);
    }

    void deleteAll() {
        db.update(writing, "DELETE FROM ferry_items WHERE run_id = ?", runId);
    }

    int requeueFailed() {
        return db.update(writing, """
                UPDATE ferry_items SET status = 'PENDING', error = NULL
                WHERE run_id = ? AND status = 'FAILED' AND action IN ('CREATE', 'UPDATE')""", runId);
    }

    /** @return a page of items with the statuses (all when null) beyond the bound, in the order given */
    List<JournalItem> page(Collection<ItemStatus> statuses, String order, long bound, int limit, boolean withImages) {
        String filter = statuses == null ? "" : " AND status IN (" + statuses.stream().map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", ")) + ")";
        return db.list(reading, "SELECT " + (withImages ? "*" : WITHOUT_IMAGES) + " FROM ferry_items WHERE run_id = ?" + filter
                + " AND " + order + " LIMIT ?", this::map, runId, bound, limit);
    }

    Set<String> plannedTargetKeys(Collection<String> targetKeys) {
        if (targetKeys.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(db.list(reading, "SELECT target_key FROM ferry_items WHERE run_id = ? AND target_key IN ("
                + Database.marks(targetKeys) + ")", rs -> rs.getString(1), runId, targetKeys));
    }

    Set<String> plannedFolds(Collection<String> folds) {
        if (folds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(db.list(reading, "SELECT DISTINCT target_fold FROM ferry_items WHERE run_id = ? AND target_fold IN ("
                + Database.marks(folds) + ")", rs -> rs.getString(1), runId, folds));
    }

    Map<Action, Long> actionCounts() {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        db.list(reading, "SELECT action, count(*) FROM ferry_items WHERE run_id = ? GROUP BY action",
                rs -> Map.entry(Action.valueOf(rs.getString(1)), rs.getLong(2)), runId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    Map<ItemStatus, Long> statusCounts() {
        Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
        db.list(reading, "SELECT status, count(*) FROM ferry_items WHERE run_id = ? GROUP BY status",
                rs -> Map.entry(ItemStatus.valueOf(rs.getString(1)), rs.getLong(2)), runId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** @return the items counted by action, by status, and those flagged, in one pass over the run's items */
    ItemCounts counts() {
        Map<Action, Long> actions = new EnumMap<>(Action.class);
        Map<ItemStatus, Long> statuses = new EnumMap<>(ItemStatus.class);
        long[] flagged = {0};
        db.list(reading, "SELECT action, status, count(*), count(flags) FROM ferry_items WHERE run_id = ? GROUP BY action, status",
                rs -> {
                    long n = rs.getLong(3);
                    actions.merge(Action.valueOf(rs.getString(1)), n, Long::sum);
                    statuses.merge(ItemStatus.valueOf(rs.getString(2)), n, Long::sum);
                    flagged[0] += rs.getLong(4);
                    return null;
                }, runId);
        return new ItemCounts(actions, statuses, flagged[0]);
    }

    long flaggedCount() {
        return db.number(reading, "SELECT count(*) FROM ferry_items WHERE run_id = ? AND flags IS NOT NULL", runId);
    }

    void markWriting(long afterSeq, long lastSeq) {
        db.update(writing, """
                UPDATE ferry_items SET status = 'WRITING'
                WHERE run_id = ? AND status = 'PENDING' AND seq > ? AND seq <= ?""", runId, afterSeq, lastSeq);
    }

    /**
     * Records outcomes. Most outcomes of a batch are alike (written at the first attempt, giving the
     * same version, with nothing to say), and those are set with one statement per run of them
     * rather than one per item; the others, one statement each.
     */
    void recordOutcomes(List<RunJournal.Outcome> outcomes) {
        List<Object[]> rows = new ArrayList<>();
        List<Long> alike = new ArrayList<>();
        RunJournal.Outcome first = null;
        for (RunJournal.Outcome o : outcomes) {
            if (o.error() != null || o.flag() != null) {
                rows.add(new Object[] {o.status(), o.attempts(), o.error(), o.writtenVersion(), o.flag(), o.flag(), o.flag(),
                    runId, o.seq()});
                continue;
            }
            if (first != null && (!alikeAs(first, o) || alike.size() == ALIKE_PER_STATEMENT)) {
                recordAlike(first, alike);
                alike.clear();
            }
            if (alike.isEmpty()) {
                first = o;
            }
            alike.add(o.seq());
        }
        if (!alike.isEmpty()) {
            recordAlike(first, alike);
        }
        db.batch(writing, """
                UPDATE ferry_items SET status = ?, attempts = attempts + ?, error = ?,
                  written_version = coalesce(?, written_version),
                  flags = CASE WHEN CAST(? AS TEXT) IS NULL THEN flags WHEN flags IS NULL THEN ? ELSE flags || '; ' || ? END
                WHERE run_id = ? AND seq = ?""", rows);
    }

    private static boolean alikeAs(RunJournal.Outcome a, RunJournal.Outcome b) {
        return a.status() == b.status() && a.attempts() == b.attempts() && Objects.equals(a.writtenVersion(), b.writtenVersion());
    }

    private void recordAlike(RunJournal.Outcome outcome, List<Long> seqs) {
        db.update(writing, "UPDATE ferry_items SET status = ?, attempts = attempts + ?, error = NULL, "
                + "written_version = coalesce(?, written_version) WHERE run_id = ? AND seq IN (" + Database.marks(seqs) + ")",
                outcome.status(), outcome.attempts(), outcome.writtenVersion(), runId, seqs);
    }

    private JournalItem map(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        int changed = rs.getInt("value_changed");
        Boolean valueChanged = rs.wasNull() ? null : changed == 1;
        return new JournalItem(seq, rs.getString("source_key"), rs.getString("target_key"),
                Action.valueOf(rs.getString("action")), rs.getString("reason"), split(rs.getString("flags")),
                split(rs.getString("changes")), valueChanged, rs.getString("source_fp"), rs.getString("desired_fp"),
                images.openRecord(rs.getBytes("desired_image"), binding(runId, seq, "desired"), () -> altered(runId, seq, "desired")),
                images.openRecord(rs.getBytes("before_image"), binding(runId, seq, "before"), () -> altered(runId, seq, "before")),
                ItemStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("error"),
                rs.getString("written_version"));
    }

    private byte[] seal(SecretRecord record, long seq, String which) {
        return images.sealRecord(record, binding(runId, seq, which));
    }

    private static String join(List<String> parts) {
        return parts == null || parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("; "));
    }
}
