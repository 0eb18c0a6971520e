package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.migrate.RepairResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry repair DIR}: realigns the runbook history after a deliberate fix. */
@Command(name = "repair",
        description = {"After a deliberate fix: a failed runbook whose run was resumed to success since counts as applied;",
                "other failed rows are removed, so that migrate runs them again; applied runbooks that were edited",
                "take their current checksums."})
final class RepairCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory of runbooks.")
    private Path directory;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Ferry ferry = main.ferry()) {
            RepairResult result = ferry.migrations(main.host().resolve(directory)).repair();
            out.println("repaired: " + result.removedFailed() + " failed row(s) removed, "
                    + (result.completed().isEmpty() ? "" : "applied since by their resumed run: " + String.join(", ", result.completed()) + ", ")
                    + (result.realigned().isEmpty() ? "no checksum realigned" : "checksums realigned for " + String.join(", ", result.realigned())));
            out.flush();
            return 0;
        }
    }
}
