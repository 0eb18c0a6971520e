package io.ferry.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.audit.AuditTrail;
import io.ferry.internal.Failures;
import io.ferry.plan.PlanSummary;
import io.ferry.plan.Planner;
import io.ferry.report.ThroughputRecorder;
import io.ferry.rollback.Rollback;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.rollback.RollbackScope;
import io.ferry.run.ExecutionSummary;
import io.ferry.run.Executor;
import io.ferry.run.PaceWatch;
import io.ferry.run.ProgressListener;
import io.ferry.run.StorePace;
import io.ferry.runbook.Backup;
import io.ferry.runbook.Hook;
import io.ferry.runbook.HookContext;
import io.ferry.runbook.OnFailure;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.RunbookChecksum;
import io.ferry.runbook.Stage;
import io.ferry.runbook.Validation;
import io.ferry.spi.HealthReport;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.HealthCheckRetry;
import io.ferry.spi.pacing.Paced;
import io.ferry.state.Action;
import io.ferry.state.ItemCounts;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RestorePointTable;
import io.ferry.state.RunJournal;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStage;
import io.ferry.state.RunStatus;
import io.ferry.verify.ValidationReport;
import io.ferry.verify.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps one run through its stages and journals every transition, so that whatever stops it, the
 * journal says where to pick up. Providers are opened only when a stage needs them: a run whose
 * planning is done resumes without its source.
 */
final class RunDriver implements Driver {

    private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Source keys one retry takes: enough for a repair, few enough to plan in one batch. */
    static final int MAX_RETRIED_KEYS = 1000;

    private final Ferry ferry;
    private final Ferry.Configuration config;
    private final RunJournal journal;
    private final Runbook runbook;
    private final AuditTrail audit;
    private final Path storeDirectory;
    /** The caller's listener, with samples kept for the report's throughput chart. */
    private final ProgressListener progress;
    private SecretProvider source;
    private SecretProvider target;
    /** What a rollback under way undoes, so that a stop names the command that continues it. */
    private RollbackScope rollbackScope = RollbackScope.all();
    /** The maintenance window the run writes in; one that never closes when the runbook has no schedule. */
    private MaintenanceWindow window = MaintenanceWindow.UNBOUNDED;

    RunDriver(Ferry ferry, Ferry.Configuration config, RunJournal journal, Runbook runbook) {
        this.ferry = ferry;
        this.config = config;
        this.journal = journal;
        this.runbook = runbook;
        this.audit = AuditTrail.open(config.auditDirectory(), journal.runId(), config.actor());
        this.storeDirectory = RunbookOptions.storeDirectory(journal.record().optionsJson());
        this.progress = new PaceWatch(new ThroughputRecorder(config.progress(), journal.telemetry()), this::pacing, System::nanoTime);
    }

    /**
     * @param open the maintenance window open now, which the run pauses at the close of
     * @return this driver
     */
    RunDriver within(MaintenanceWindow open) {
        this.window = open;
        return this;
    }

    @Override
    public String runId() {
        return journal.runId();
    }

    RunRecord record() {
        return journal.record();
    }

    /** @return the runbook the run goes on with */
    Runbook runbook() {
        return runbook;
    }

    /**
     * Runs a command, journaling any failure that escapes it as a stop with its one-line reason, so
     * that no run is left looking as if it were still under way.
     */
    @Override
    public RunResult guarded(Supplier<RunResult> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            RunRecord rec = record();
            boolean underWay = rec.status() == RunStatus.PLANNING || rec.status() == RunStatus.EXECUTING
                    || rec.status() == RunStatus.VALIDATING || rec.status() == RunStatus.ROLLING_BACK;
            if (underWay) {
                String why = Failures.message(e)
                        + "; fix the cause, then: ferry " + (rec.status() == RunStatus.ROLLING_BACK
                                ? "rollback " + rec.id() + rollbackScope.asOptions() : "resume " + rec.id());
                journal.status(RunStatus.STOPPED, rec.stage(), why);
                audit.record(rec.stage() == null ? "run" : rec.stage().label(), null, null, "stopped", null, why);
            }
            throw e;
        }
    }

    RunResult planOnly() {
        audit.record("run", null, null, "plan started", null, describeRun());
        PlanSummary plan = plan();
        if (plan == null || !plan.complete() || plan.blocking() > 0) {
            return result(null, null);
        }
        journal.status(RunStatus.PLANNED, RunStage.PLANNING, null);
        return result(null, null);
    }

    @Override
    public RunResult run() {
        audit.record("run", null, null, "started", null, describeRun());
        PlanSummary plan = plan();
        if (plan == null || !plan.complete() || plan.blocking() > 0) {
            return result(null, null);
        }
        return executeAndValidate();
    }

    @Override
    public RunResult resume() {
        RunRecord rec = record();
        if (rec.status().finished()) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " already finished (" + rec.status()
                    + "); nothing to resume" + (rec.status() == RunStatus.ROLLED_BACK ? "" : "; to undo it: ferry rollback " + rec.id()));
        }
        audit.record("run", null, null, "resumed", null, "from " + rec.status() + " in " + rec.stage());
        LOG.info("resuming run {} from {} in stage {}", rec.id(), rec.status(), rec.stage());
        RunStage stage = rec.stage() == null ? RunStage.DISCOVERY : rec.stage();
        if (rec.status() == RunStatus.PAUSED) {
            new PausedRunRecheck(source(), journal, () -> new Planner(source(), target(), runbook.discovery(), runbook.transforms(),
                    runbook.planning(), runbook.execution().onError(), journal).observing(config.valuesRead()), audit,
                    target().constraints()::fold, runbook.discovery().batchSize()).recheck();
        }
        if (rec.status() == RunStatus.PLANNED) {
            return executeAndValidate();
        }
        switch (stage) {
            case DISCOVERY, PLANNING -> {
                if (rec.status() == RunStatus.STOPPED && new PlanSummary(journal.actionCounts(), 0, true).blocking() > 0) {
                    throw new FerryException(ExitCode.USAGE, "the plan of run " + rec.id() + " is blocked ("
                            + rec.error() + "); fix the runbook and start a new run");
                }
                journal.deleteItems();
                return run();
            }
            case VALIDATION -> {
                return validateAndFinish();
            }
            case ROLLBACK -> throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " stopped while rolling back, and "
                    + "resuming would carry it forward; " + (rec.error() == null ? "continue the rollback with: ferry rollback " + rec.id()
                    : rec.error()));
            default -> {
                int requeued = journal.requeueFailed();
                if (requeued > 0) {
                    audit.record("execution", null, null, "requeued", null, requeued + " failed writes will be tried again");
                }
                return executeAndValidate();
            }
        }
    }

    /**
     * Plans some source keys of a finished run again, with the source, the target and the runbook
     * as they are now, and writes what they need, in the same run: the items of those keys that
     * wrote nothing (flagged, skipped, failed) are replaced by the new ones, which are then
     * executed and the run validated and finished again, so that its outcome says what is left.
     * The run is journaled as executing before its items change, so that a crash leaves it to
     * {@code resume}. Nothing changes when a key is unknown, was written, or is now blocked.
     */
    RunResult retry(Collection<String> sourceKeys) {
        RunRecord rec = record();
        if (rec.status() != RunStatus.SUCCEEDED && rec.status() != RunStatus.SUCCEEDED_WITH_ISSUES
                && rec.status() != RunStatus.VALIDATION_FAILED) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " is " + rec.status() + "; only a finished run"
                    + " that was not rolled back can retry records" + (rec.status().finished() ? "" : "; finish it first with: ferry resume " + rec.id()));
        }
        List<String> keys = List.copyOf(new LinkedHashSet<>(sourceKeys));
        if (keys.isEmpty() || keys.size() > MAX_RETRIED_KEYS) {
            throw new FerryException(ExitCode.USAGE, "name from 1 to " + MAX_RETRIED_KEYS + " source keys to retry; see the "
                    + "flagged ones with: ferry show " + rec.id() + " --status flagged,failed");
        }
        checkRetriable(rec, keys, journal.itemsOfSourceKeys(keys));
        followEditedRunbook(rec);
        List<JournalItem> fresh;
        try {
            fresh = new Planner(source(), target(), runbook.discovery(), runbook.transforms(), runbook.planning(),
                    runbook.execution().onError(), journal).observing(config.valuesRead()).replan(keys, journal.lastSeq());
        } catch (IllegalStateException e) {
            throw new FerryException(ExitCode.USAGE, "cannot retry records of run " + rec.id() + ": " + e.getMessage(), e);
        }
        checkNotBlocked(rec, keys, fresh);
        audit.record("retry", null, null, "started", null, "source keys " + String.join(", ", keys));
        journal.status(RunStatus.EXECUTING, RunStage.EXECUTION, null);
        int replaced = journal.replaceUnwrittenItems(keys, fresh, target().constraints()::fold);
        audit.record("retry", null, null, "planned again", null, replaced + " items replaced by " + fresh.size() + ": "
                + String.join(", ", fresh.stream().map(i -> i.sourceKey() + " " + i.action().name().toLowerCase(Locale.ROOT)).toList()));
        return executeAndValidate();
    }

    private static void checkRetriable(RunRecord rec, List<String> keys, List<JournalItem> items) {
        Set<String> known = new HashSet<>();
        for (JournalItem item : items) {
            known.add(item.sourceKey());
            if (item.status() != ItemStatus.NOOP && item.status() != ItemStatus.FAILED) {
                throw new FerryException(ExitCode.USAGE, "'" + item.sourceKey() + "' was written by run " + rec.id() + " ("
                        + item.status() + "); a retry plans again only records that were not written");
            }
        }
        List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " has no item for source key "
                    + String.join(", ", unknown.stream().map(k -> "'" + k + "'").toList()) + "; see its items with: ferry show " + rec.id());
        }
    }

    /** A retried record must be writable on its own: not invalid, not in conflict, not on a name another record has. */
    private void checkNotBlocked(RunRecord rec, List<String> keys, List<JournalItem> fresh) {
        Function<String, String> fold = target().constraints()::fold;
        Set<String> seen = new HashSet<>();
        Set<String> held = journal.foldsHeldByOthers(fresh.stream().filter(i -> i.action() != Action.SKIP)
                .map(i -> fold.apply(i.targetKey())).toList(), keys);
        for (JournalItem item : fresh) {
            String why = item.action() == Action.INVALID || item.action() == Action.CONFLICT ? item.reason()
                    : item.action() != Action.SKIP && (held.contains(fold.apply(item.targetKey())) || !seen.add(fold.apply(item.targetKey())))
                    ? "another record of the run lands on target name '" + item.targetKey() + "'" : null;
            if (why != null) {
                throw new FerryException(ExitCode.PLAN_BLOCKED, "retrying '" + item.sourceKey() + "' in run " + rec.id()
                        + " is blocked: " + why + "; nothing was changed");
            }
        }
    }

    /**
     * A retry may follow a runbook edited since the run started (a transform fixed), as long as it
     * still moves between the same stores; the run records the new checksum, which resuming and
     * rolling back then expect, and the audit trail says so.
     */
    private void followEditedRunbook(RunRecord rec) {
        if (rec.runbookPath() == null || runbook.origin() == null
                || !runbook.origin().toAbsolutePath().toString().equals(rec.runbookPath())) {
            return;
        }
        String now = RunbookChecksum.of(runbook.origin());
        if (now.equals(rec.runbookChecksum())) {
            return;
        }
        if (!runbook.source().toUri().equals(rec.sourceUri()) || !runbook.target().toUri().equals(rec.targetUri())) {
            throw new FerryException(ExitCode.USAGE, "runbook " + rec.runbookPath() + " now moves " + runbook.source().toUri()
                    + " -> " + runbook.target().toUri() + ", but run " + rec.id() + " moved " + rec.sourceUri() + " -> "
                    + rec.targetUri() + "; restore its stores, or start a new run");
        }
        journal.runbookChecksum(now);
        audit.record("retry", null, null, "runbook changed", null, "checksum " + rec.runbookChecksum() + " -> " + now);
    }

    @Override
    public RunResult rollback(RollbackScope scope) {
        rollbackScope = scope;
        RunRecord rec = record();
        requireTarget(rec, scope);
        if (rec.status() == RunStatus.ROLLED_BACK) {
            audit.record("rollback", null, null, "already rolled back", null, null);
            return result(null, new RollbackSummary(0, 0, false));
        }
        if (!scope.isAll()) {
            requireWritesIn(scope);
        }
        String which = scope.isAll() ? "" : "keys " + String.join(", ", scope.globs()) + "; ";
        audit.record("rollback", null, null, "started", null, which + "from " + rec.status());
        journal.status(RunStatus.ROLLING_BACK, RunStage.ROLLBACK, null);
        RollbackSummary summary = new Rollback(target(), journal, audit, runbook.execution().batchSize(), scope)
                .rollBack(progress, config.cancellation());
        if (summary.interrupted()) {
            journal.status(RunStatus.INTERRUPTED, RunStage.ROLLBACK, "interrupted during rollback; continue with: ferry rollback "
                    + journal.runId() + scope.asOptions());
            return result(null, summary);
        }
        String error = summary.refused() == 0 ? null
                : summary.refused() + " records were changed by someone else since the run and were left as they are; see: ferry show " + journal.runId();
        if (!scope.isAll() && Rollback.writesRemain(journal)) {
            // The runbook's rollback hooks undo the run as a whole, so they wait for the rest.
            journal.status(RunStatus.PARTLY_ROLLED_BACK, RunStage.ROLLBACK, error);
            audit.record("rollback", null, null, "finished in part", null, summary.restored() + " restored, "
                    + summary.refused() + " left as is; the rest of the run stands");
            return result(null, summary);
        }
        for (Hook hook : runbook.rollbackHooks()) {
            runHook(hook, null, "rollback hook");
        }
        journal.status(RunStatus.ROLLED_BACK, RunStage.ROLLBACK, error);
        audit.record("rollback", null, null, "finished", null, summary.restored() + " restored, " + summary.refused() + " left as is");
        return result(null, summary);
    }

    /** Refuses a scope naming a target the run did not write to, before anything is undone. */
    static void requireTarget(RunRecord rec, RollbackScope scope) {
        if (!scope.matchesTarget(rec.targetUri())) {
            throw new FerryException(ExitCode.ISSUES, "run " + rec.id() + " wrote to " + rec.targetUri() + ", not to '"
                    + scope.target() + "'; nothing was rolled back; give --target " + rec.targetUri() + " or leave --target out");
        }
    }

    /** Refuses a scope that selects none of the run's writes, which is most likely a mistyped glob. */
    private void requireWritesIn(RollbackScope scope) {
        long after = 0;
        for (List<JournalItem> page = journal.items(null, after, 500, false); !page.isEmpty();
             page = journal.items(null, after, 500, false)) {
            if (page.stream().anyMatch(item -> item.action().writes() && scope.includes(item))) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
        throw new FerryException(ExitCode.ISSUES, "no record that run " + journal.runId() + " wrote has a source or target key "
                + "matching" + scope.asOptions() + "; nothing was rolled back; see the run's keys with: ferry show " + journal.runId());
    }

    private PlanSummary plan() {
        try {
            runHooks(Stage.DISCOVERY, true);
            runHooks(Stage.PLANNING, true);
        } catch (StageStopped e) {
            return null;
        }
        journal.status(RunStatus.PLANNING, RunStage.PLANNING, null);
        requireHealthy("source", source());
        requireHealthy("target", target());
        requireWritable(target());
        PlanSummary plan = new Planner(source(), target(), runbook.discovery(), runbook.transforms(), runbook.planning(),
                runbook.execution().onError(), journal).observing(config.valuesRead()).plan(progress, config.cancellation());
        saveSummary(null);
        if (!plan.complete()) {
            journal.status(RunStatus.INTERRUPTED, RunStage.PLANNING, "interrupted during planning; continue with: ferry resume " + journal.runId());
            return plan;
        }
        audit.record("planning", null, null, "planned", null, describe(plan));
        if (plan.blocking() > 0) {
            String why = plan.count(Action.CONFLICT) + " conflicts and " + plan.count(Action.INVALID)
                    + " invalid records; nothing was written; see them with: ferry show " + journal.runId();
            journal.status(RunStatus.STOPPED, RunStage.PLANNING, why);
            audit.record("planning", null, null, "blocked", null, why);
            return plan;
        }
        try {
            runHooks(Stage.DISCOVERY, false);
            runHooks(Stage.PLANNING, false);
        } catch (StageStopped e) {
            return null;
        }
        return plan;
    }

    private RunResult executeAndValidate() {
        try {
            runHooks(Stage.EXECUTION, true);
        } catch (StageStopped e) {
            return result(null, null);
        }
        journal.status(RunStatus.EXECUTING, RunStage.EXECUTION, null);
        takeRestorePoints();
        Executor executor = new Executor(target(), runbook.execution(), journal, audit, config.backoff(),
                runbook.planning().onSoftDeleted(), runbook.discovery().allVersions());
        ExecutionSummary exec = executor.execute(progress, window.cancellation(config.cancellation()));
        journal.telemetry().add(executor.retries(), executor.throttles());
        saveSummary(null);
        boolean windowClosed = exec.interrupted() && !config.cancellation().requested() && window.closed();
        if (windowClosed && pausedAtWindowEnd()) {
            return result(null, null);
        }
        if (exec.interrupted() && !windowClosed) {
            journal.status(RunStatus.INTERRUPTED, RunStage.EXECUTION, "interrupted; continue with: ferry resume " + journal.runId());
            audit.record("execution", null, null, "interrupted", null, null);
            return result(null, null);
        }
        if (exec.stopReason() != null) {
            journal.status(RunStatus.STOPPED, RunStage.EXECUTION, exec.stopReason());
            audit.record("execution", null, null, "stopped", null, exec.stopReason());
            return result(null, null);
        }
        try {
            runHooks(Stage.EXECUTION, false);
        } catch (StageStopped e) {
            return result(null, null);
        }
        return validateAndFinish();
    }

    /**
     * Journals the run as paused when its window closed with records still to write; a window that
     * closed after the last batch lets the run go on to validation.
     *
     * @return whether the run paused
     */
    private boolean pausedAtWindowEnd() {
        Map<ItemStatus, Long> items = journal.statusCounts();
        long pending = items.getOrDefault(ItemStatus.PENDING, 0L);
        if (pending == 0) {
            return false;
        }
        long written = items.getOrDefault(ItemStatus.DONE, 0L) + items.getOrDefault(ItemStatus.FAILED, 0L);
        String why = window.pauseReason(journal.runId(), written, written + pending);
        journal.status(RunStatus.PAUSED, RunStage.EXECUTION, why);
        audit.record("execution", null, null, "paused", null, why);
        return true;
    }

    private RunResult validateAndFinish() {
        ValidationReport report = null;
        if (runbook.validation().compare() != Validation.Compare.NONE) {
            try {
                runHooks(Stage.VALIDATION, true);
            } catch (StageStopped e) {
                return result(null, null);
            }
            journal.status(RunStatus.VALIDATING, RunStage.VALIDATION, null);
            report = new Validator(target(), runbook.validation(), journal, runbook.discovery().batchSize())
                    .validate(progress, config.cancellation());
            if (config.cancellation().requested()) {
                journal.status(RunStatus.INTERRUPTED, RunStage.VALIDATION, "interrupted during validation; continue with: ferry resume " + journal.runId());
                return result(null, null);
            }
            saveSummary(report);
            audit.record("validation", null, null, report.passed() ? "passed" : "failed", null,
                    String.format(Locale.ROOT, "compared %d, matched %d, missing %d, mismatched %d, extra %d, match rate %.4f (required %.4f)",
                            report.compared(), report.matched(), report.missing(), report.mismatched(), report.extra(),
                            report.matchRate(), report.minMatchRate()));
            if (!report.passed()) {
                String why = String.format(Locale.ROOT, "match rate %.4f is below the required %.4f", report.matchRate(),
                        report.minMatchRate());
                if (runbook.validation().onFailure() == OnFailure.ROLLBACK) {
                    journal.status(RunStatus.VALIDATION_FAILED, RunStage.VALIDATION, why);
                    RunResult rolledBack = rollback(RollbackScope.all());
                    return new RunResult(rolledBack.runId(), rolledBack.status(), rolledBack.plan(), rolledBack.items(),
                            rolledBack.flagged(), report, rolledBack.rollback(), why + "; the run was rolled back", rolledBack.auditFile());
                }
                journal.status(RunStatus.VALIDATION_FAILED, RunStage.VALIDATION, why + "; to undo it: ferry rollback " + journal.runId());
                return result(report, null);
            }
            try {
                runHooks(Stage.VALIDATION, false);
            } catch (StageStopped e) {
                return result(report, null);
            }
        }
        ItemCounts counts = journal.counts();
        long failed = counts.statuses().getOrDefault(ItemStatus.FAILED, 0L);
        long flagged = counts.flagged();
        RunStatus status = failed + flagged > 0 ? RunStatus.SUCCEEDED_WITH_ISSUES : RunStatus.SUCCEEDED;
        journal.status(status, RunStage.DONE, failed + flagged > 0 ? failed + " failed and " + flagged + " flagged records; see: ferry show " + journal.runId() : null);
        audit.record("run", null, null, status.name().toLowerCase(Locale.ROOT), null, null);
        return result(report, null);
    }

    /**
     * Takes the restore points the runbook asks for ({@code execution { backup 'target' }}) before the
     * first write, once per run: a resumed run keeps the points it took before it stopped.
     */
    private void takeRestorePoints() {
        Backup backup = runbook.execution().backup();
        if (backup == Backup.NONE) {
            return;
        }
        Set<String> taken = new HashSet<>();
        ferry.restorePoints().ofRun(journal.runId()).stream().filter(RestorePointTable.Point::complete)
                .forEach(p -> taken.add(p.role()));
        if (backup.target() && !taken.contains("target")) {
            takeRestorePoint(target(), "target", List.of());
        }
        if (backup.source() && !taken.contains("source")) {
            takeRestorePoint(source(), "source", runbook.discovery().includes());
        }
    }

    private void takeRestorePoint(SecretProvider store, String role, List<String> keys) {
        RestorePointTable.Point point = ferry.restorePoints().take(store,
                new BackupRequest(store.spec().toUri(), keys, runbook.discovery().allVersions(), null, null, journal.runId(), role),
                null);
        audit.record("execution", null, null, "restore point taken", null, "restore point " + point.name() + " of the "
                + role + " " + point.storeUri() + ": " + point.keyCount() + " secrets; restore it with: ferry restore " + point.name());
        audit.flush();
    }

    private void runHooks(Stage stage, boolean before) {
        List<Hook> hooks = before ? runbook.before(stage) : runbook.after(stage);
        for (Hook hook : hooks) {
            String what = (before ? "before " : "after ") + stage.label() + " hook";
            if (!runHook(hook, stage, what) && before) {
                throw new StageStopped();
            }
        }
    }

    /**
     * @return whether the hook succeeded; a failed before-hook stops the run, a failed after-hook is reported
     * @throws FerryException with exit code 6 when a before-hook failed because a store could not be used
     *     (it could not be opened, or the health check the hook asked for failed): the cause is the store,
     *     as when the run's own health check finds it, not the hook
     */
    private boolean runHook(Hook hook, Stage stage, String what) {
        Context context = new Context(stage);
        try {
            hook.run(context);
            return true;
        } catch (Exception e) {
            String why = what + " failed: " + Failures.describe(e);
            audit.record(stage == null ? "rollback" : stage.label(), null, null, "hook failed", null, why);
            if (what.startsWith("before") && e instanceof FerryException fe && fe.exitCode() == ExitCode.ENVIRONMENT) {
                throw fe;
            }
            if (what.startsWith("before") && context.unhealthyStore != null) {
                throw new FerryException(ExitCode.ENVIRONMENT, what + " stopped the run after the " + context.unhealthyStore
                        + " failed its health check: " + Failures.describe(e));
            }
            if (what.startsWith("before")) {
                journal.status(RunStatus.STOPPED, RunStage.of(stage.label()), why + "; fix the hook, then: ferry resume " + journal.runId());
            } else {
                LOG.warn("{}", why);
            }
            return false;
        }
    }

    /**
     * Fails fast, before anything is read or planned, when a store cannot be reached or used; a
     * transient failure is asked again under the run's retry policy first.
     */
    private void requireHealthy(String role, SecretProvider provider) {
        HealthReport health = checkHealth(provider, false);
        if (!health.healthy()) {
            audit.record("planning", null, null, "unhealthy " + role, null, String.join("; ", health.problems()));
            throw new FerryException(ExitCode.ENVIRONMENT, "the " + role + " " + health.endpoint() + " failed its health "
                    + "check: " + (health.problems().isEmpty() ? "no reason given" : String.join("; ", health.problems())));
        }
    }

    private HealthReport checkHealth(SecretProvider provider, boolean writeProbe) {
        return HealthCheckRetry.check(provider, writeProbe, runbook.execution().retries(), config.backoff());
    }

    /** Stops before planning when the target may not be written at all as opened, rather than refusing every record. */
    private void requireWritable(SecretProvider provider) {
        provider.writeRefusal().ifPresent(why -> {
            audit.record("planning", null, null, "target refuses writes", null, why);
            throw new FerryException(ExitCode.USAGE, why);
        });
    }

    private SecretProvider source() {
        if (source == null) {
            source = ferry.openForRun(runbook.source(), storeDirectory, false);
        }
        return source;
    }

    private SecretProvider target() {
        if (target == null) {
            // Only planning may bring a target into being; resuming or undoing a run needs the one it wrote to.
            target = ferry.openForRun(runbook.target(), storeDirectory, record().status() == RunStatus.PLANNING);
        }
        return target;
    }

    /** @return how the stores opened so far are paced; a store is never opened to say so */
    private List<StorePace> pacing() {
        List<StorePace> stores = new ArrayList<>(2);
        if (source instanceof Paced paced) {
            stores.add(new StorePace("source", source.spec().toUri(), paced.pacing()));
        }
        if (target instanceof Paced paced) {
            stores.add(new StorePace("target", target.spec().toUri(), paced.pacing()));
        }
        return stores;
    }

    private String describeRun() {
        return "runbook " + runbook.name() + ": " + runbook.source().toUri() + " -> " + runbook.target().toUri();
    }

    private static String describe(PlanSummary plan) {
        StringBuilder sb = new StringBuilder();
        for (Action a : Action.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a.name().toLowerCase(Locale.ROOT)).append(' ').append(plan.count(a));
        }
        return sb.toString();
    }

    private void saveSummary(ValidationReport report) {
        ObjectNode n = MAPPER.createObjectNode();
        ItemCounts counts = journal.counts();
        counts.actions().forEach((a, c) -> n.with("actions").put(a.name(), c));
        counts.statuses().forEach((s, c) -> n.with("items").put(s.name(), c));
        n.put("flagged", counts.flagged());
        if (report != null) {
            n.set("validation", MAPPER.valueToTree(report));
        }
        journal.summary(n.toString());
    }

    private RunResult result(ValidationReport report, RollbackSummary rollback) {
        return resultOf(journal, report, rollback, config);
    }

    static RunResult resultOf(RunJournal journal, ValidationReport report, RollbackSummary rollback, Ferry.Configuration config) {
        RunRecord rec = journal.record();
        ValidationReport validation = report;
        if (validation == null && rec.summaryJson() != null) {
            try {
                var node = MAPPER.readTree(rec.summaryJson()).get("validation");
                validation = node == null ? null : MAPPER.treeToValue(node, ValidationReport.class);
            } catch (IOException e) {
                LOG.warn("the summary of run {} is unreadable: {}", rec.id(), e.getClass().getSimpleName());
            }
        }
        ItemCounts counts = journal.counts();
        PlanSummary plan = new PlanSummary(counts.actions(), counts.flagged(), true);
        return new RunResult(rec.id(), rec.status(), plan, counts.statuses(), counts.flagged(), validation,
                rollback, rec.error(), config.auditDirectory().resolve(rec.id() + ".jsonl"));
    }

    @Override
    public void close() {
        audit.close();
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /** A before-hook failed; the run is journaled as stopped. */
    private static final class StageStopped extends RuntimeException {
        StageStopped() {
            super(null, null, false, false);
        }
    }

    /** The context hooks see. */
    private final class Context implements HookContext {
        private final Stage stage;
        /** The store ({@code source} or {@code target} and where it is) whose health check the hook saw fail, or null. */
        private String unhealthyStore;

        Context(Stage stage) {
            this.stage = stage;
        }

        @Override
        public String getRunId() {
            return journal.runId();
        }

        @Override
        public Stage getStage() {
            return stage;
        }

        @Override
        public Map<String, Long> getCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            journal.actionCounts().forEach((a, c) -> counts.put(a.name().toLowerCase(Locale.ROOT), c));
            journal.statusCounts().forEach((s, c) -> counts.put(s.name().toLowerCase(Locale.ROOT), c));
            return counts;
        }

        @Override
        public HealthReport checkSource() {
            return noted("source", checkHealth(source(), false));
        }

        @Override
        public HealthReport checkTarget(boolean writeProbe) {
            return noted("target", checkHealth(target(), writeProbe));
        }

        private HealthReport noted(String role, HealthReport health) {
            if (!health.healthy()) {
                unhealthyStore = role + " " + health.endpoint();
            }
            return health;
        }

        @Override
        public void log(String message) {
            LOG.info("[{}] {}", journal.runId(), message);
            audit.record(stage == null ? "rollback" : stage.label(), null, null, "log", null, message);
        }
    }
}
