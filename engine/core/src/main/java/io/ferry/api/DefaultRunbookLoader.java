package io.ferry.api;

import io.ferry.dsl.RunbookCompiler;
import io.ferry.dsl.RunbookException;
import io.ferry.jshell.JShellRunbookCompiler;
import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.TransformRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads runbook files: {@code .jsh} with JShell, anything else with the Groovy DSL and the transforms
 * on the class path; {@code env('NAME')} in a Groovy runbook reads the environment the engine was
 * configured with.
 *
 * @param environment the variables runbooks may read
 */
record DefaultRunbookLoader(Map<String, String> environment) implements Function<Path, Runbook> {

    @Override
    public Runbook apply(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".jsh")) {
                return new JShellRunbookCompiler().compile(file);
            }
            return new RunbookCompiler(TransformRegistry.load(), ProviderRegistry.load(), environment).compile(file);
        } catch (RunbookException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
