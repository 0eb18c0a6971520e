package io.ferry.phase;

import io.ferry.runbook.Monitoring;
import io.ferry.state.PhaseJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The cutover state machine of one migration, persisted in the state store. Forward transitions go
 * one phase at a time, each through its gate:
 * <ul>
 *   <li>to dual-write: the copy is done;</li>
 *   <li>to shadow-read: dual-write owes the new store no write;</li>
 *   <li>to cutover: the shadow-read checks cover the runbook's window, each at or above its
 *       {@code minMatchRate};</li>
 *   <li>to complete: nothing owed, and the latest check found no drift.</li>
 * </ul>
 * Rolled-back is reachable from every phase before complete; what undoing the writes takes is the
 * caller's part ({@link io.ferry.api.Ferry#phase(String, Phase)} rolls the runs back first).
 */
public final class PhaseMachine {

    /**
     * What the gates read besides the journal.
     *
     * @param copy the copy's outcome, in words
     * @param copyDone whether the copy is done
     * @param pendingRetries writes dual-write still owes the new store
     */
    public record Inputs(String copy, boolean copyDone, long pendingRetries) {
    }

    private final PhaseJournal journal;
    private final String migrationId;

    /**
     * @param journal the phases in the state store
     * @param migrationId the run or sync
     */
    public PhaseMachine(PhaseJournal journal, String migrationId) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
    }

    /**
     * Puts the migration in its first phase, copying, unless it has one already.
     *
     * @param monitoring the runbook's bar and window, kept with the migration
     * @param actor who
     */
    public void begin(Monitoring monitoring, String actor) {
        if (journal.current(migrationId).isEmpty()) {
            Duration window = monitoring.shadowRead() == null ? Duration.ZERO : monitoring.shadowRead().during();
            journal.enter(migrationId, null, Phase.COPYING.name(), monitoring.minMatchRate(), window, actor,
                    "the migration started");
        }
    }

    /**
     * @param inputs the copy's outcome and the owed writes
     * @return where the migration stands and the evidence
     */
    public Evidence evidence(Inputs inputs) {
        PhaseJournal.Current current = journal.current(migrationId).orElseThrow(() -> new IllegalStateException(
                migrationId + " has no phase yet"));
        // A check that compared nothing (a sample of an empty store) is no evidence either way.
        List<PhaseJournal.Check> checks = journal.checks(migrationId, Instant.EPOCH).stream().filter(c -> c.compared() > 0).toList();
        PhaseJournal.Check last = checks.isEmpty() ? null : checks.get(checks.size() - 1);
        int count = 0;
        long compared = 0;
        long matched = 0;
        double lowest = 1.0;
        Duration covered = Duration.ZERO;
        if (last != null) {
            // The window ends at the latest check and starts at the latest check that is at least a window older,
            // so that checks covering the whole window are needed, not just recent ones.
            Instant boundary = last.at().minus(current.window());
            Instant start = checks.get(0).at();
            for (PhaseJournal.Check c : checks) {
                if (!c.at().isAfter(boundary)) {
                    start = c.at();
                }
            }
            for (PhaseJournal.Check c : checks) {
                if (!c.at().isBefore(start)) {
                    count++;
                    compared += c.compared();
                    matched += c.matched();
                    lowest = Math.min(lowest, c.matchRate());
                }
            }
            covered = Duration.between(start, last.at());
        }
        double rate = compared == 0 ? 1.0 : (double) matched / compared;
        return new Evidence(migrationId, Phase.valueOf(current.phase()), current.since(), current.minMatchRate(),
                current.window(), inputs.copy(), inputs.copyDone(), inputs.pendingRetries(), count, compared, rate, lowest,
                covered, last, journal.history(migrationId));
    }

    /**
     * @param to the phase asked for
     * @param evidence the evidence
     * @return whether the transition may happen, and why
     */
    public Gate gate(Phase to, Evidence evidence) {
        Phase from = evidence.phase();
        if (from.isFinal()) {
            return new Gate(to, false, migrationId + " is " + from.label() + ", which is final");
        }
        if (to == Phase.ROLLED_BACK) {
            return new Gate(to, true, "rollback is possible from " + from.label());
        }
        if (to != from.next()) {
            return new Gate(to, false, "from " + from.label() + " the next phase is " + from.next().label()
                    + " (or rolled-back); phases are passed one at a time");
        }
        return switch (to) {
            case DUAL_WRITE -> evidence.copyDone()
                    ? new Gate(to, true, "the copy is done: " + evidence.copy())
                    : new Gate(to, false, "the copy is not done: " + evidence.copy());
            case SHADOW_READ -> evidence.pendingRetries() == 0
                    ? new Gate(to, true, "dual-write owes the new store no write")
                    : new Gate(to, false, "dual-write still owes the new store " + evidence.pendingRetries()
                            + " writes; wait for its queue to drain");
            case CUTOVER -> cutoverGate(evidence);
            case COMPLETE -> completeGate(evidence);
            default -> throw new IllegalArgumentException(to.label() + " is not reached by a forward transition");
        };
    }

    private Gate cutoverGate(Evidence e) {
        String bar = String.format(Locale.ROOT, "%.4f", e.minMatchRate());
        String window = Monitoring.format(e.window());
        if (e.lastCheck() == null) {
            return new Gate(Phase.CUTOVER, false, "no shadow-read check has compared a record yet; the match rate must hold at or above " + bar
                    + " for " + window + ": ferry monitor " + migrationId);
        }
        if (e.lowestMatchRate() < e.minMatchRate()) {
            return new Gate(Phase.CUTOVER, false, String.format(Locale.ROOT,
                    "the shadow-read match rate fell to %.4f in the last %s (%d checks, %.4f overall), below the runbook's %s",
                    e.lowestMatchRate(), window, e.windowChecks(), e.windowMatchRate(), bar));
        }
        if (e.covered().compareTo(e.window()) < 0) {
            return new Gate(Phase.CUTOVER, false, "the shadow-read checks cover " + Monitoring.format(e.covered())
                    + " of the required " + window + "; keep monitoring: ferry monitor " + migrationId);
        }
        return new Gate(Phase.CUTOVER, true, String.format(Locale.ROOT,
                "the shadow-read match rate held at or above %s for %s (lowest %.4f over %d checks)", bar, window,
                e.lowestMatchRate(), e.windowChecks()));
    }

    private Gate completeGate(Evidence e) {
        if (e.pendingRetries() > 0) {
            return new Gate(Phase.COMPLETE, false, "dual-write still owes the new store " + e.pendingRetries() + " writes");
        }
        if (e.lastCheck() == null || e.drift() > 0) {
            return new Gate(Phase.COMPLETE, false, e.lastCheck() == null
                    ? "no shadow-read check has compared the stores; run: ferry monitor " + migrationId
                    : "the latest shadow-read check found " + e.drift() + " records that differ");
        }
        return new Gate(Phase.COMPLETE, true, "nothing owed and no drift at the latest check (" + e.lastCheck().at() + ")");
    }

    /**
     * Moves the migration when the gate holds.
     *
     * @param to the phase asked for
     * @param inputs the copy's outcome and the owed writes
     * @param actor who
     * @return the gate that let it through
     * @throws PhaseRefusedException with the gate's reason when it does not hold
     */
    public Gate transition(Phase to, Inputs inputs, String actor) {
        Evidence evidence = evidence(inputs);
        Gate gate = gate(to, evidence);
        if (!gate.open()) {
            throw new PhaseRefusedException(gate);
        }
        journal.enter(migrationId, evidence.phase().name(), to.name(), evidence.minMatchRate(), evidence.window(), actor,
                gate.reason());
        return gate;
    }
}
