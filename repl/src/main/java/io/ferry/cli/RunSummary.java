package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.RunResult;
import io.ferry.cli.terminal.Cells;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import io.ferry.state.ItemStatus;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStatus;
import io.ferry.verify.ValidationReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Prints a run's header and outcome as text: where from and to, its status, counts, validation and what to do next. */
final class RunSummary {

    private final PrintWriter out;

    RunSummary(PrintWriter out) {
        this.out = out;
    }

    /**
     * Prints which run this is, where from and to, when and by whom.
     *
     * @param rec the run as journaled
     */
    void printHeader(RunRecord rec) {
        out.println("run " + rec.id());
        out.println("  runbook:    " + rec.runbookName()
                + (rec.runbookPath() == null ? "" : " (" + rec.runbookPath() + ")"));
        out.println("  from:       " + rec.sourceUri());
        out.println("  to:         " + rec.targetUri());
        out.println("  started:    " + time(rec.startedAt()) + " by " + rec.actor()
                + (rec.finishedAt() == null ? "" : "; finished " + time(rec.finishedAt())));
    }

    /**
     * Prints where the run stands: status, counts, validation, rollback, error and audit trail.
     *
     * @param result its counts and outcome
     */
    void printOutcome(RunResult result) {
        out.println("  status:     " + result.status());
        out.println("  plan:       " + ItemTable.totals(result.plan()));
        out.println("  items:      " + statuses(result));
        ValidationReport v = result.validation();
        if (v != null) {
            out.println("  validation: " + validation(v));
            v.examples().forEach(e -> out.println("                - " + e));
        }
        RollbackSummary r = result.rollback();
        if (r != null) {
            out.println("  rollback:   " + r.restored() + " restored, " + r.refused()
                    + " left as they are (changed by someone else since the run)"
                    + (r.interrupted() ? "; interrupted" : ""));
        }
        if (result.error() != null) {
            String label = result.status() == RunStatus.SUCCEEDED_WITH_ISSUES ? "  issues:     "
                    : result.status() == RunStatus.PAUSED ? "  paused:     " : "  error:      ";
            out.println(label + result.error());
        }
        if (result.auditFile() != null) {
            out.println("  audit:      " + result.auditFile());
        }
    }

    /**
     * Prints what the run's target asks a person to be told once a run has written to it, such as
     * that a plain-text copy of the secrets now exists.
     *
     * @param rec the run as journaled
     * @param result its outcome; a plan alone has written nothing, so it gets no notice
     */
    void printNotice(RunRecord rec, RunResult result) {
        notice(rec, result).ifPresent(n -> out.println("  notice:     " + n));
    }

    /**
     * @param rec the run as journaled
     * @param result its outcome
     * @return what the target's adapter says about a store that was written to, or empty
     */
    static Optional<String> notice(RunRecord rec, RunResult result) {
        if (result.status() == RunStatus.PLANNED || rec.targetUri() == null) {
            return Optional.empty();
        }
        try {
            ProviderSpec target = ProviderSpec.parse(rec.targetUri());
            ProviderRegistry registry = ProviderRegistry.load();
            return registry.knows(target.scheme()) ? registry.factory(target.scheme()).afterWriteNotice(target)
                    : Optional.empty();
        } catch (IllegalArgumentException notAStore) {
            // A procedure's journaled target is no provider URI; it has nothing to say.
            return Optional.empty();
        }
    }

    /**
     * Prints what to run next, given where the run stands.
     *
     * @param result the outcome
     */
    void printNext(RunResult result) {
        String id = result.runId();
        if (result.exitCode() == ExitCode.PLAN_BLOCKED) {
            // Resuming a blocked plan would only plan the same refusals again.
            out.println("next: review the refused records: ferry show " + id + "; nothing was written: change those records, "
                    + "or leave them out of the runbook (discovery exclude), then run the command again");
            return;
        }
        String next = switch (result.status()) {
            case PLANNED -> "apply it with: ferry apply " + id;
            case SUCCEEDED -> "details: ferry show " + id + "; undo: ferry rollback " + id;
            case SUCCEEDED_WITH_ISSUES ->
                    "review: ferry show " + id + " --status failed,flagged; undo: ferry rollback " + id;
            case VALIDATION_FAILED -> "review: ferry show " + id + "; undo: ferry rollback " + id;
            case ROLLED_BACK -> "details: ferry show " + id;
            case PARTLY_ROLLED_BACK -> "details: ferry show " + id + "; undo the rest: ferry rollback " + id;
            case PAUSED -> "it continues in its runbook's next window (ferry resume " + id + ", or ferry run of the runbook),"
                    + " or now with: ferry resume " + id + " --now; undo what it wrote: ferry rollback " + id;
            case INTERRUPTED, STOPPED, PLANNING, EXECUTING, VALIDATING, ROLLING_BACK ->
                    "review: ferry show " + id + "; continue: ferry resume " + id + "; undo: ferry rollback " + id;
        };
        out.println("next: " + next);
    }

    private static String statuses(RunResult result) {
        List<String> parts = new ArrayList<>();
        for (ItemStatus s : ItemStatus.values()) {
            long n = result.count(s);
            if (n > 0) {
                parts.add(n + " " + s.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String validation(ValidationReport v) {
        return (v.passed() ? "passed" : "FAILED") + ": " + v.matched() + " of " + v.compared() + " matched ("
                + percent(v.matchRate()) + ", required " + percent(v.minMatchRate()) + "); " + v.missing() + " missing, "
                + v.mismatched() + " mismatched, " + v.extra() + " in the target not planned by this run";
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }

    static String time(Instant instant) {
        return Cells.time(instant);
    }
}
