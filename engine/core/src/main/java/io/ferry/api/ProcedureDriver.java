package io.ferry.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.audit.AuditTrail;
import io.ferry.internal.Failures;
import io.ferry.plan.PlanSummary;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.rollback.RollbackScope;
import io.ferry.runbook.Runbook;
import io.ferry.saga.ProcedureException;
import io.ferry.saga.ProcedureRunner;
import io.ferry.spi.ProviderSpec;
import io.ferry.state.RunJournal;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStage;
import io.ferry.state.RunStatus;
import io.ferry.state.StepJournal;
import io.ferry.state.StepStatus;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Steps one procedure run (a saga) through its steps, undo and rollback, journaling its status. */
final class ProcedureDriver implements Driver {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Ferry.Configuration config;
    private final RunJournal journal;
    private final AuditTrail audit;
    private final ProcedureRunner runner;

    ProcedureDriver(Ferry ferry, Ferry.Configuration config, RunJournal journal, Runbook runbook) {
        this.config = config;
        this.journal = journal;
        this.audit = AuditTrail.open(config.auditDirectory(), journal.runId(), config.actor());
        Path journaled = RunbookOptions.storeDirectory(journal.record().optionsJson());
        Path storeDirectory = journaled == null ? config.providerContext().workingDirectory() : journaled;
        this.runner = new ProcedureRunner(runbook, journal.steps(), audit,
                uri -> ferry.openForRun(ProviderSpec.parse(uri), storeDirectory, true), storeDirectory, config.cancellation());
    }

    @Override
    public String runId() {
        return journal.runId();
    }

    @Override
    public RunResult run() {
        audit.record("steps", null, null, "started", null, null);
        return execute();
    }

    @Override
    public RunResult resume() {
        RunRecord rec = journal.record();
        if (rec.status().finished()) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " already finished (" + rec.status()
                    + "); nothing to resume" + (rec.status() == RunStatus.ROLLED_BACK ? "" : "; to undo it: ferry rollback " + rec.id()));
        }
        audit.record("steps", null, null, "resumed", null, "from " + rec.status());
        return execute();
    }

    /** A procedure journals its stops where its steps run ({@link #stepping}), so its commands run as they are. */
    @Override
    public RunResult guarded(Supplier<RunResult> command) {
        return command.get();
    }

    @Override
    public RunResult rollback(RollbackScope scope) {
        RunRecord rec = journal.record();
        RunDriver.requireTarget(rec, scope);
        if (rec.status() == RunStatus.ROLLED_BACK) {
            audit.record("rollback", null, null, "already rolled back", null, null);
            return result(null);
        }
        if (!scope.isAll() && !runner.hasStepsIn(scope)) {
            throw new FerryException(ExitCode.ISSUES, "no item of run " + rec.id() + " has a key matching" + scope.asOptions()
                    + "; nothing was rolled back; see the run's items with: ferry show " + rec.id());
        }
        journal.status(RunStatus.ROLLING_BACK, RunStage.ROLLBACK, null);
        audit.record("rollback", null, null, "started", null, "from " + rec.status());
        ProcedureRunner.Outcome outcome = stepping(() -> runner.rollback(scope));
        journal.status(outcome.status(), RunStage.ROLLBACK, outcome.error());
        saveSummary(outcome);
        audit.record("rollback", null, null, "finished", null, outcome.report().count(StepStatus.UNDONE) + " undone, "
                + outcome.report().count(StepStatus.UNDO_FAILED) + " failed to undo");
        return result(new RollbackSummary(outcome.report().count(StepStatus.UNDONE),
                outcome.report().count(StepStatus.UNDO_FAILED), false));
    }

    private RunResult execute() {
        journal.status(RunStatus.EXECUTING, RunStage.STEPS, null);
        ProcedureRunner.Outcome outcome = stepping(runner::run);
        journal.status(outcome.status(), RunStage.STEPS, outcome.error());
        saveSummary(outcome);
        audit.record("run", null, null, outcome.status().name().toLowerCase(Locale.ROOT), null, outcome.error());
        return result(null);
    }

    /** Journals anything that escapes the runner as a stop, so no run looks as if it were still under way. */
    private ProcedureRunner.Outcome stepping(Supplier<ProcedureRunner.Outcome> work) {
        try {
            return work.get();
        } catch (ProcedureException e) {
            stop(e.getMessage());
            throw new FerryException(ExitCode.STOPPED, e.getMessage() + "; fix the runbook, then: ferry resume " + journal.runId(), e);
        } catch (RuntimeException e) {
            String why = Failures.message(e);
            stop(why);
            throw e;
        }
    }

    private void stop(String why) {
        journal.status(RunStatus.STOPPED, journal.record().stage(), why);
        audit.record("steps", null, null, "stopped", null, why);
    }

    private void saveSummary(ProcedureRunner.Outcome outcome) {
        ObjectNode n = MAPPER.createObjectNode();
        outcome.report().steps().forEach((s, c) -> n.with("steps").put(s.name(), c));
        outcome.report().items().forEach((s, c) -> n.with("procedureItems").put(s, c));
        journal.summary(n.toString());
    }

    private RunResult result(RollbackSummary rollback) {
        RunRecord rec = journal.record();
        return new RunResult(rec.id(), rec.status(), new PlanSummary(Map.of(), 0, true), Map.of(), 0, null, rollback,
                rec.error(), config.auditDirectory().resolve(rec.id() + ".jsonl"));
    }

    @Override
    public void close() {
        audit.close();
    }
}
