package io.ferry.api;

/** The process exit codes of the {@code ferry} command, one per kind of outcome. */
public enum ExitCode {
    /** Everything planned was done and validated. */
    SUCCESS(0),
    /** The run finished, but some records failed or were flagged for review. */
    ISSUES(1),
    /** The command line or the runbook is wrong; nothing was done. */
    USAGE(2),
    /** Validation found fewer matching records than the runbook requires. */
    VALIDATION_FAILED(3),
    /** The plan has conflicts or invalid records; nothing was written. */
    PLAN_BLOCKED(4),
    /** The run stopped on an error (error policy 'stop', a failing hook); resume or roll it back. */
    STOPPED(5),
    /** A store, passphrase, journal key or state store could not be used. */
    ENVIRONMENT(6),
    /**
     * The runbook writes in maintenance windows and none is open: the run paused at the end of a
     * batch when its window closed, or was not started or continued; the message says when the next
     * window opens.
     */
    WINDOW_CLOSED(7),
    /** Interrupted by Ctrl-C; the journal is consistent and the run can be resumed. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit code */
    public int code() {
        return code;
    }
}
