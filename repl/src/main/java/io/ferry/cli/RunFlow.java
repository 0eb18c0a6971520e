package io.ferry.cli;

import io.ferry.api.Estimate;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.PlannedRecord;
import io.ferry.api.RunResult;
import io.ferry.restore.RestorePointProvider;
import io.ferry.runbook.Runbook;
import io.ferry.saga.ProcedurePlan;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Carries out a runbook the way {@code ferry run} and {@code ferry copy} do: a dry run only plans
 * and prints the plan; {@code --yes} plans, executes and validates in one go; otherwise the plan is
 * shown on the terminal and applied only after the person there says yes. Without a terminal and
 * without {@code --yes} nothing starts, so that a CI job never waits for an answer.
 */
final class RunFlow {

    private final Main main;
    private final CommandSpec spec;
    private final boolean json;
    private final int limit;
    private MetricsOptions metrics;
    private int sample;

    /**
     * @param main the command line's settings
     * @param spec the command, for its writers and name
     * @param json whether results are written as JSON
     * @param all whether to list every item of a plan rather than the first ones
     */
    RunFlow(Main main, CommandSpec spec, boolean json, boolean all) {
        this.main = main;
        this.spec = spec;
        this.json = json;
        this.limit = all ? 0 : ItemTable.DEFAULT_LIMIT;
    }

    /**
     * @param options where to export the run's metrics
     * @return this flow
     */
    RunFlow metrics(MetricsOptions options) {
        this.metrics = options;
        return this;
    }

    /**
     * @param perAction how many planned records of each action to show with the plan, 0 for none
     * @return this flow
     */
    RunFlow sample(int perAction) {
        this.sample = perAction;
        return this;
    }

    /**
     * @param runbook reads the runbook with the engine
     * @param dryRun only plan
     * @param yes apply without asking
     * @return the exit code
     */
    int run(Function<Ferry, Runbook> runbook, boolean dryRun, boolean yes) {
        String command = "ferry " + spec.name();
        if (sample > 0 && yes && !dryRun) {
            throw new FerryException(ExitCode.USAGE, command + " --sample shows records of a plan before it is applied, and"
                    + " --yes applies it unseen; drop one of them, or add --dry-run");
        }
        if (!dryRun && !yes && !main.host().terminal().interactive()) {
            throw new FerryException(ExitCode.USAGE, command + " needs --yes when there is no terminal to confirm the plan on;"
                    + " review it first with --dry-run");
        }
        if (!dryRun && !yes && json) {
            throw new FerryException(ExitCode.USAGE, command + " --output json needs --yes or --dry-run, since a plan"
                    + " to confirm is shown as text");
        }
        try (RunSession session = new RunSession(main, spec, json);
             MetricsOptions.Exports exports = metrics == null ? null
                     : metrics.start(main, session.ferry(), () -> newestRunOfThisProcess(session.ferry()))) {
            Runbook rb = runbook.apply(session.ferry());
            if (rb.isProcedure()) {
                return runProcedure(session, rb, dryRun, yes);
            }
            checkSchemes(session.ferry(), rb);
            if (yes && !dryRun) {
                RunResult result = session.interruptible(f -> f.run(rb));
                if (result.exitCode() == ExitCode.PLAN_BLOCKED) {
                    printPlan(session, result);
                    return result.exitCode().code();
                }
                return session.finish(result);
            }
            RunResult planned = session.interruptible(f -> f.plan(rb));
            printPlan(session, planned);
            if (dryRun || planned.status() != RunStatus.PLANNED) {
                return planned.exitCode().code();
            }
            String answer = main.host().terminal().ask("Apply? [y/N] ");
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("not applied; the plan stays saved as run " + planned.runId());
                out.flush();
                return ExitCode.SUCCESS.code();
            }
            return session.finish(session.interruptible(f -> f.apply(planned.runId())));
        }
    }

    /** A procedure is not planned as a copy is: its dry run lists the steps, for each item found, and runs none. */
    private int runProcedure(RunSession session, Runbook rb, boolean dryRun, boolean yes) {
        PrintWriter out = spec.commandLine().getOut();
        if (!yes || dryRun) {
            ProcedurePlan plan = session.ferry().planSteps(rb);
            if (json) {
                Json.print(out, StepTable.planJson(plan));
            } else {
                StepTable.printPlan(out, plan);
            }
            if (dryRun) {
                return ExitCode.SUCCESS.code();
            }
            String answer = main.host().terminal().ask("Run these steps? [y/N] ");
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                out.println("not run");
                out.flush();
                return ExitCode.SUCCESS.code();
            }
        }
        return session.finish(session.interruptible(f -> f.run(rb)));
    }

    /** The run this process started last: the one under way, since a flow runs one at a time. */
    private static String newestRunOfThisProcess(Ferry ferry) {
        long pid = ProcessHandle.current().pid();
        return ferry.runs().stream().filter(r -> r.processId() == pid).findFirst().map(RunRecord::id).orElse(null);
    }

    /**
     * A plan that cannot be applied lists what blocks it, however far down the plan that is; one that
     * can ends with what applying it will cost.
     */
    private void printPlan(RunSession session, RunResult planned) {
        Ferry ferry = session.ferry();
        RunItems items = planned.plan().blocking() > 0
                ? RunItems.blocking(ferry, planned.runId())
                : RunItems.all(ferry, planned.runId());
        Estimate estimate = planned.status() == RunStatus.PLANNED ? ferry.estimate(planned.runId()) : null;
        List<PlannedRecord> records = sample > 0 ? ferry.sample(planned.runId(), sample) : List.of();
        session.report().preview(estimate, sample, records).print(planned, items, limit, false);
        session.noteInterruption(planned);
    }

    /**
     * Checks the schemes before a run is journaled, so that a typo in a URI is a usage error listing
     * the known schemes, not a run left half-started.
     */
    private static void checkSchemes(Ferry ferry, Runbook rb) {
        if (!RestorePointProvider.SCHEME.equals(rb.source().scheme())) {
            ferry.providers().factory(rb.source().scheme());
        }
        ferry.providers().factory(rb.target().scheme());
    }
}
