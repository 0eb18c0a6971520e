package io.ferry.migrate;

/** Where a runbook of the directory, or a row of the history, stands. */
public enum MigrationState {
    /** Not applied yet; {@code migrate} runs it. */
    PENDING,
    /** Applied, and the file is as it was then. */
    APPLIED,
    /** Its last run failed; fix it, then {@code ferry repair} and {@code ferry migrate}. */
    FAILED,
    /** Applied, and the file was edited since: {@code validate} fails. */
    CHANGED,
    /** Applied, and the file is gone from the directory. */
    MISSING,
    /** Not applied, and older than the newest applied version: {@code migrate} will not run it. */
    IGNORED,
    /** The baseline row. */
    BASELINE,
    /** Not applied, at or below the baseline: counted as applied. */
    BELOW_BASELINE,
    /** Pending, but above the {@code --target} version. */
    ABOVE_TARGET
}
