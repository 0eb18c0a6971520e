package io.ferry.migrate;

/** The kinds of row in the runbook history. */
public enum RunbookType {
    /** {@code V<version>__<description>}: runs once, in version order. */
    VERSIONED,
    /** {@code R__<description>}: runs again whenever its content changes, after the versioned ones. */
    REPEATABLE,
    /** Marks the runbooks up to a version as applied, for an estate that existed before Ferry. */
    BASELINE
}
