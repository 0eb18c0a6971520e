package io.ferry.migrate;

import java.util.function.Consumer;

/** What a callback script sees as {@code event}. */
public final class MigrationEvent {

    private final Callback callback;
    private final ResolvedRunbook runbook;
    private final String runId;
    private final String error;
    private final Consumer<String> log;

    MigrationEvent(Callback callback, ResolvedRunbook runbook, String runId, String error, Consumer<String> log) {
        this.callback = callback;
        this.runbook = runbook;
        this.runId = runId;
        this.error = error;
        this.log = log;
    }

    /** @return {@code beforeMigrate}, {@code afterEachRunbook}, {@code afterMigrate} or {@code onError} */
    public String getName() {
        return callback.fileStem();
    }

    /** @return the runbook's file name, or null for {@code beforeMigrate} and {@code afterMigrate} */
    public String getScript() {
        return runbook == null ? null : runbook.script();
    }

    /** @return the runbook's version, or null */
    public String getVersion() {
        return runbook == null || runbook.version() == null ? null : runbook.version().toString();
    }

    /** @return the run that carried the runbook out, or null */
    public String getRunId() {
        return runId;
    }

    /** @return why the runbook failed ({@code onError}), or null */
    public String getError() {
        return error;
    }

    /** @param message a line for the migration's output; never a value */
    public void log(String message) {
        log.accept(message);
    }
}
