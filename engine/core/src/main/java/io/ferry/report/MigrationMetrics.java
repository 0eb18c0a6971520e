package io.ferry.report;

import io.ferry.phase.Phase;
import io.ferry.state.ItemStatus;
import io.ferry.state.PhaseJournal;
import io.ferry.state.RunJournal;
import io.ferry.state.RunRecord;
import io.ferry.state.RunTelemetry;
import io.ferry.state.StateStore;
import io.ferry.state.SyncJournal;
import io.ferry.verify.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The metrics of one migration (a run, or a sync with every pass added up) and of its cutover, in the
 * Prometheus text format: records processed, failed and flagged, retries, throttled attempts, the
 * validation and shadow-read match rates, drift, writes owed by dual-write, and the phase.
 */
public final class MigrationMetrics {

    private MigrationMetrics() {
    }

    /**
     * Reads counts from the state store, never walking a run's items, so that a scrape every few
     * seconds stays cheap however large the run.
     *
     * @param state the state store
     * @param idOrPrefix a run or sync id, or a unique prefix
     * @param validationOf the validation a run recorded, or null when it has none
     * @return the exposition text
     */
    public static String of(StateStore state, String idOrPrefix, Function<RunJournal, ValidationReport> validationOf) {
        Optional<SyncJournal> sync = state.findSync(idOrPrefix);
        String id;
        String runbook;
        List<String> runIds = new ArrayList<>();
        if (sync.isPresent()) {
            SyncJournal.Sync rec = sync.get().record();
            id = rec.id();
            runbook = rec.runbookName();
            sync.get().passes().stream().map(SyncJournal.Pass::runId).filter(Objects::nonNull).forEach(runIds::add);
        } else {
            RunRecord rec = state.run(state.resolveId(idOrPrefix)).orElseThrow();
            id = rec.id();
            runbook = rec.runbookName();
            runIds.add(id);
        }
        long processed = 0;
        long failed = 0;
        long flagged = 0;
        long retries = 0;
        long throttles = 0;
        ValidationReport lastValidation = null;
        for (String runId : runIds) {
            RunJournal journal = state.openRun(runId);
            Map<ItemStatus, Long> items = journal.statusCounts();
            processed += items.getOrDefault(ItemStatus.DONE, 0L) + items.getOrDefault(ItemStatus.FAILED, 0L)
                    + items.getOrDefault(ItemStatus.NOOP, 0L);
            failed += items.getOrDefault(ItemStatus.FAILED, 0L);
            flagged += journal.flaggedCount();
            RunTelemetry.Counts counts = journal.telemetry().counts();
            retries += counts.retries();
            throttles += counts.throttles();
            ValidationReport validation = validationOf.apply(journal);
            lastValidation = validation == null ? lastValidation : validation;
        }
        String[] labels = {"migration", id, "runbook", runbook};
        PrometheusText text = new PrometheusText()
                .counter("ferry_records_processed_total", "Records handled: written, failed, or needing no write.", processed, labels)
                .counter("ferry_records_failed_total", "Records whose writes failed.", failed, labels)
                .counter("ferry_records_flagged_total", "Records flagged for review.", flagged, labels)
                .counter("ferry_retries_total", "Write attempts after the first.", retries, labels)
                .counter("ferry_throttles_total", "Write attempts the target refused as throttled.", throttles, labels);
        if (lastValidation != null) {
            text.gauge("ferry_validation_match_rate", "Match rate of the latest validation.", lastValidation.matchRate(), labels);
        }
        PhaseJournal phases = state.phases();
        List<PhaseJournal.Check> checks = phases.checks(id, Instant.EPOCH);
        if (!checks.isEmpty()) {
            PhaseJournal.Check last = checks.get(checks.size() - 1);
            text.gauge("ferry_match_rate", "Match rate of the latest shadow-read comparison of source and target.", last.matchRate(), labels)
                    .gauge("ferry_drift_records", "Records that differed at the latest shadow-read comparison.", last.drift(), labels);
        }
        if (sync.isPresent()) {
            text.counter("ferry_sync_passes_total", "Sync passes started.", sync.get().record().passes(), labels);
        }
        text.gauge("ferry_pending_retries", "Writes dual-write still owes the new store, in this state store.",
                state.pendingRetries(), "state", state.location().toString());
        Optional<PhaseJournal.Current> current = phases.current(id);
        if (current.isPresent()) {
            for (Phase p : Phase.values()) {
                text.gauge("ferry_phase", "1 for the phase the migration is in, 0 for the others.",
                        p.name().equals(current.get().phase()) ? 1 : 0, "migration", id, "phase", p.label());
            }
        }
        return text.text();
    }
}
