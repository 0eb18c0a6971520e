package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where each migration stands in its cutover (the phase, since when, and the bar its gates use),
 * every transition it made, and the shadow-read checks that are the evidence for cutover. A
 * migration is a run or a sync, by id. Obtained from {@link StateStore#phases()}.
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

    private final Database db;
    private final PhaseDao phases;
    private final PhaseHistoryDao history;
    private final ShadowCheckDao checks;

    PhaseJournal(Database db) {
        this.db = db;
        this.phases = new PhaseDao(db);
        this.history = new PhaseHistoryDao(db);
        this.checks = new ShadowCheckDao(db);
    }

    /**
     * @param migrationId a run or sync
     * @return its phase, or empty before its first
     */
    public Optional<Current> current(String migrationId) {
        return phases.find(migrationId);
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
        Instant now = Instant.now();
        db.inTransaction("move " + migrationId + " to " + to, () -> {
            boolean moved = from == null
                    ? phases.insertFirst(migrationId, to, now, minMatchRate, window)
                    : phases.move(migrationId, from, to, now);
            if (!moved) {
                throw new StateException(migrationId + " is no longer in phase " + (from == null ? "none" : from)
                        + "; someone else moved it; look again with: ferry phase " + migrationId);
            }
            history.insert(migrationId, new Transition(now, from, to, actor, reason));
        });
    }

    /**
     * @param migrationId a run or sync
     * @return its transitions, oldest first
     */
    public List<Transition> history(String migrationId) {
        return history.of(migrationId);
    }

    /**
     * @param migrationId a run or sync
     * @param check a shadow-read comparison to keep as evidence
     */
    public void recordCheck(String migrationId, Check check) {
        checks.insert(migrationId, check);
    }

    /**
     * @param migrationId a run or sync
     * @param since only checks at or after this time
     * @return its checks, oldest first
     */
    public List<Check> checks(String migrationId, Instant since) {
        return checks.since(migrationId, since);
    }
}
