package io.ferry.run;

/**
 * What execution did.
 *
 * @param written items written in this step
 * @param failed items that failed in this step
 * @param stopReason why the error policy stopped the run, or null
 * @param interrupted whether it was cancelled
 */
public record ExecutionSummary(long written, long failed, String stopReason, boolean interrupted) {
}
