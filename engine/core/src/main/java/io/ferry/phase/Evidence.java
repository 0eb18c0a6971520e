package io.ferry.phase;

import io.ferry.state.PhaseJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a migration stands and what its gates are judged on.
 *
 * @param migrationId the run or sync
 * @param phase its phase
 * @param since when it entered it
 * @param minMatchRate the runbook's shadow-read bar
 * @param window how long the bar must hold before cutover
 * @param copy the copy's outcome, in words
 * @param copyDone whether the copy is done
 * @param pendingRetries writes dual-write still owes the new store
 * @param windowChecks shadow-read checks in the latest window
 * @param windowCompared records compared in it
 * @param windowMatchRate the match rate over it; 1 when nothing was compared
 * @param lowestMatchRate the lowest single check's rate in it; 1 when there are none
 * @param covered how much of the window the checks cover
 * @param lastCheck the latest check, or null
 * @param history the transitions so far, oldest first
 */
public record Evidence(String migrationId, Phase phase, Instant since, double minMatchRate, Duration window, String copy,
                       boolean copyDone, long pendingRetries, int windowChecks, long windowCompared, double windowMatchRate,
                       double lowestMatchRate, Duration covered, PhaseJournal.Check lastCheck,
                       List<PhaseJournal.Transition> history) {

    /** Copies the history. */
    public Evidence {
        history = List.copyOf(history);
    }

    /** @return records that differed at the latest check; 0 when there is none */
    public long drift() {
        return lastCheck == null ? 0 : lastCheck.drift();
    }

    /** @return whether the checks cover the whole window and each held the bar */
    public boolean held() {
        return lastCheck != null && covered.compareTo(window) >= 0 && lowestMatchRate >= minMatchRate;
    }
}
