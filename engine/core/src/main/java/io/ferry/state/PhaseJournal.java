package io.ferry.state;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each migration stands in its cutover (the phase, since when, and the bar its gates use),
 * every transition it made, and the shadow-read checks that are the evidence for cutover. A
 * migration is a run or a sync, by id.
 */
public final class PhaseJournal {

    /**
     * A migration's current phase.
     *
     * @param migrationId the run or sync
     * @param phase the phase's name
     * @param since when it entered the phase
     * @param minMatchRate the shadow-read bar
     * @param window how long the bar must hold
     */
    public record Current(String migrationId, String phase, Instant since, double minMatchRate, Duration window) {
    }

    /**
     * One transition.
     *
     * @param at when
     * @param from the phase left, or null for the first
     * @param to the phase entered
     * @param actor who moved it
     * @param reason what the gate saw
     */
    public record Transition(Instant at, String from, String to, String actor, String reason) {
    }

    /**
     * One shadow-read comparison of source and target.
     *
     * @param at when it ended
     * @param compared records compared
     * @param matched records that matched
     * @param mismatched records whose values differ, or that the source no longer has
     * @param missing records the target lacks
     */
    public record Check(Instant at, long compared, long matched, long mismatched, long missing) {
        /** @return matched over compared; 1 when nothing was compared */
        public double matchRate() {
            return compared == 0 ? 1.0 : (double) matched / compared;
        }

        /** @return records that differ between source and target */
        public long drift() {
            return mismatched + missing;
        }
    }

    private final Sql sql;

    /** @param store the state store */
    public PhaseJournal(StateStore store) {
        this.sql = new Sql(store);
    }

    /**
     * @param migrationId a run or sync
     * @return its phase, or empty before its first
     */
    public Optional<Current> current(String migrationId) {
        return sql.query("read the phase of " + migrationId, "SELECT * FROM ferry_phases WHERE migration_id = ?",
                ps -> ps.setString(1, migrationId), rs -> rs.next()
                        ? Optional.of(new Current(migrationId, rs.getString("phase"), Instant.parse(rs.getString("since")),
                                rs.getDouble("min_match_rate"), Duration.ofMillis(rs.getLong("window_ms"))))
                        : Optional.empty());
    }

    /**
     * Enters a phase, recording the transition.
     *
     * @param migrationId a run or sync
     * @param from the phase it is in, or null when it has none yet
     * @param to the phase to enter
     * @param minMatchRate the shadow-read bar
     * @param window how long the bar must hold
     * @param actor who moves it
     * @param reason what the gate saw
     * @throws StateException when another process moved it meanwhile
     */
    public void enter(String migrationId, String from, String to, double minMatchRate, Duration window, String actor,
                      String reason) {
        String now = Instant.now().toString();
        sql.inTransaction("move " + migrationId + " to " + to, c -> {
            int changed;
            if (from == null) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT OR IGNORE INTO ferry_phases (migration_id, phase, since, min_match_rate, window_ms)
                        VALUES (?, ?, ?, ?, ?)""")) {
                    ps.setString(1, migrationId);
                    ps.setString(2, to);
                    ps.setString(3, now);
                    ps.setDouble(4, minMatchRate);
                    ps.setLong(5, window.toMillis());
                    changed = ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE ferry_phases SET phase = ?, since = ? WHERE migration_id = ? AND phase = ?")) {
                    ps.setString(1, to);
                    ps.setString(2, now);
                    ps.setString(3, migrationId);
                    ps.setString(4, from);
                    changed = ps.executeUpdate();
                }
            }
            if (changed == 0) {
                throw new StateException(migrationId + " is no longer in phase " + (from == null ? "none" : from)
                        + "; someone else moved it; look again with: ferry phase " + migrationId);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ferry_phase_history (migration_id, at, from_phase, to_phase, actor, reason) VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, migrationId);
                ps.setString(2, now);
                ps.setString(3, from);
                ps.setString(4, to);
                ps.setString(5, actor);
                ps.setString(6, reason);
                ps.executeUpdate();
            }
        });
    }

    /**
     * @param migrationId a run or sync
     * @return its transitions, oldest first
     */
    public List<Transition> history(String migrationId) {
        return sql.query("read the phases of " + migrationId,
                "SELECT * FROM ferry_phase_history WHERE migration_id = ? ORDER BY rowid", ps -> ps.setString(1, migrationId), rs -> {
                    List<Transition> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new Transition(Instant.parse(rs.getString("at")), rs.getString("from_phase"),
                                rs.getString("to_phase"), rs.getString("actor"), rs.getString("reason")));
                    }
                    return list;
                });
    }

    /**
     * @param migrationId a run or sync
     * @param check a shadow-read comparison to keep as evidence
     */
    public void recordCheck(String migrationId, Check check) {
        sql.update("record a shadow-read check of " + migrationId, """
                INSERT INTO ferry_shadow_checks (migration_id, at_ms, compared, matched, mismatched, missing) VALUES (?, ?, ?, ?, ?, ?)""", ps -> {
                    ps.setString(1, migrationId);
                    ps.setLong(2, check.at().toEpochMilli());
                    ps.setLong(3, check.compared());
                    ps.setLong(4, check.matched());
                    ps.setLong(5, check.mismatched());
                    ps.setLong(6, check.missing());
                });
    }

    /**
     * @param migrationId a run or sync
     * @param since only checks at or after this time
     * @return its checks, oldest first
     */
    public List<Check> checks(String migrationId, Instant since) {
        return sql.query("read the shadow-read checks of " + migrationId,
                "SELECT * FROM ferry_shadow_checks WHERE migration_id = ? AND at_ms >= ? ORDER BY at_ms", ps -> {
                    ps.setString(1, migrationId);
                    ps.setLong(2, since.toEpochMilli());
                }, rs -> {
                    List<Check> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new Check(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getLong("compared"), rs.getLong("matched"),
                                rs.getLong("mismatched"), rs.getLong("missing")));
                    }
                    return list;
                });
    }
}
