package io.ferry.strategy;

/**
 * What a {@link DualWriteProvider} has done since it was created, and what it still owes.
 *
 * @param mirrored writes and deletes that reached the secondary at once
 * @param queued writes and deletes that failed (or waited behind a failed one) and were queued
 * @param drained queued entries that later reached the secondary
 * @param retryFailures failed attempts at queued entries
 * @param pending entries still owed, across restarts (read from the durable queue)
 * @param lastError the last failure, never a value; null when there was none
 */
public record DualWriteReport(long mirrored, long queued, long drained, long retryFailures, long pending, String lastError) {
}
