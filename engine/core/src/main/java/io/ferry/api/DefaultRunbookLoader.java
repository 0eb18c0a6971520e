package io.ferry.api;

import io.ferry.runbook.Runbook;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads runbook files with the Groovy DSL. */
enum DefaultRunbookLoader implements Function<Path, Runbook> {
    INSTANCE;

    @Override
    public Runbook apply(Path file) {
        throw new FerryException(ExitCode.USAGE, "no runbook compiler on the class path to read " + file);
    }
}
