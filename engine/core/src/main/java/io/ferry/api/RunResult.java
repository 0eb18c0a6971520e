package io.ferry.api;

import io.ferry.plan.PlanSummary;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.state.ItemStatus;
import io.ferry.state.RunStatus;
import io.ferry.verify.ValidationReport;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run, resume, apply or rollback ended with.
 *
 * @param runId the run
 * @param status where it stands now
 * @param plan the plan's counts
 * @param items the items by status
 * @param flagged items flagged for review
 * @param validation the validation report, or null when validation did not run
 * @param rollback what a rollback did, or null when none ran
 * @param error why it stopped, or null
 * @param auditFile the run's audit trail
 */
public record RunResult(String runId, RunStatus status, PlanSummary plan, Map<ItemStatus, Long> items, long flagged,
                        ValidationReport validation, RollbackSummary rollback, String error, Path auditFile) {

    /** Copies the counts. */
    public RunResult {
        items = Map.copyOf(items);
    }

    /**
     * @param status a status
     * @return how many items have it
     */
    public long count(ItemStatus status) {
        return items.getOrDefault(status, 0L);
    }

    /** @return the exit code for this outcome */
    public ExitCode exitCode() {
        return switch (status) {
            case SUCCEEDED, PLANNED -> ExitCode.SUCCESS;
            case SUCCEEDED_WITH_ISSUES -> ExitCode.ISSUES;
            case VALIDATION_FAILED -> ExitCode.VALIDATION_FAILED;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
            case PAUSED -> ExitCode.WINDOW_CLOSED;
            case ROLLED_BACK -> validation != null && !validation.passed() ? ExitCode.VALIDATION_FAILED
                    : rollback != null && rollback.refused() > 0 ? ExitCode.ISSUES : ExitCode.SUCCESS;
            case PARTLY_ROLLED_BACK -> rollback != null && rollback.refused() > 0 ? ExitCode.ISSUES : ExitCode.SUCCESS;
            case STOPPED -> plan != null && plan.blocking() > 0 && count(ItemStatus.DONE) == 0
                    ? ExitCode.PLAN_BLOCKED : ExitCode.STOPPED;
            default -> ExitCode.STOPPED;
        };
    }
}
