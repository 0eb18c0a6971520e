package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import io.ferry.rollback.RollbackScope;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry rollback RUN}: restores what a run overwrote and removes what it created. */
@Command(name = "rollback",
        description = {
                "Undoes a run: restores what each written secret held before, newest first.",
                "Secrets someone else changed since the run are left as they are and reported.",
                "With --keys, only the records whose source or target key matches; the rest stay as written",
                "until rolled back later. With --target, only what the run wrote to that target. Ctrl-C stops at the next batch; continue with the same command."})
final class RollbackCommand extends RunIdCommand {

    @Option(names = {"--keys", "--items"}, paramLabel = "GLOB",
            description = {"Undo only records whose source or target key matches ('*' within a segment, '**' across);",
                    "for a procedure, only the steps of the items whose keys match. Repeat for more."})
    private List<String> keys = new ArrayList<>();

    @Option(names = "--target", paramLabel = "NAME",
            description = {"Undo only the records written to this target: its URI as 'ferry show' gives it, that URI without",
                    "its options, or its location. A run writes to one target; a NAME that is not it undoes nothing (exit 1)."})
    private String target;

    @Override
    RunResult carryOut(Ferry ferry, String runId) {
        return ferry.rollback(runId, RollbackScope.keys(keys).onTarget(target));
    }
}
