package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import picocli.CommandLine.Command;

/** {@code ferry rollback RUN}: restores what a run overwrote and removes what it created. */
@Command(name = "rollback",
        description = {
                "Undoes a run: restores what each written secret held before, newest first.",
                "Secrets someone else changed since the run are left as they are and reported.",
                "Ctrl-C stops at the next batch; continue with 'ferry rollback RUN'."})
final class RollbackCommand extends RunIdCommand {

    @Override
    RunResult carryOut(Ferry ferry, String runId) {
        return ferry.rollback(runId);
    }
}
