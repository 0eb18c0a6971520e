package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import picocli.CommandLine.Command;

/** {@code ferry apply RUN}: carries out a saved plan exactly as it was reviewed. */
@Command(name = "apply",
        description = {
                "Carries out a plan saved by 'ferry plan' or 'ferry run --dry-run', exactly as it was planned.",
                "Ctrl-C stops at the next batch; resume with 'ferry resume RUN'."})
final class ApplyCommand extends RunIdCommand {

    @Override
    RunResult carryOut(Ferry ferry, String runId) {
        return ferry.apply(runId);
    }
}
