package io.ferry.api;

import io.ferry.dsl.RunbookCompiler;
import io.ferry.dsl.RunbookException;
import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.TransformRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads runbook files with the Groovy DSL and the transforms on the class path; {@code env('NAME')}
 * in a runbook reads the environment the engine was configured with.
 *
 * @param environment the variables runbooks may read
 */
record DefaultRunbookLoader(Map<String, String> environment) implements Function<Path, Runbook> {

    @Override
    public Runbook apply(Path file) {
        try {
            return new RunbookCompiler(TransformRegistry.load(), ProviderRegistry.load(), environment).compile(file);
        } catch (RunbookException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
