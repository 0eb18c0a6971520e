package io.ferry.api;

import io.ferry.dsl.RunbookCompiler;
import io.ferry.dsl.RunbookException;
import io.ferry.jshell.JShellRunbookCompiler;
import io.ferry.runbook.Runbook;
import io.ferry.transform.TransformRegistry;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads runbook files: {@code .jsh} with JShell, anything else with the Groovy DSL and the transforms on the class path. */
enum DefaultRunbookLoader implements Function<Path, Runbook> {
    INSTANCE;

    @Override
    public Runbook apply(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".jsh")) {
                return new JShellRunbookCompiler().compile(file);
            }
            return new RunbookCompiler(TransformRegistry.load()).compile(file);
        } catch (RunbookException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
