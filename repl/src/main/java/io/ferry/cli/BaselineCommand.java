package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.state.AppliedRunbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry baseline DIR --version V}: marks older runbooks as applied for an existing estate. */
@Command(name = "baseline",
        description = {"For stores that already hold what the first runbooks would do: marks every versioned runbook",
                "up to VERSION as applied, so that migrate starts above it. Only on an empty runbook history."})
final class BaselineCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory of runbooks.")
    private Path directory;

    @Option(names = "--version", paramLabel = "VERSION", required = true, description = "The baseline version, such as 3.")
    private String version;

    // Here --version names the baseline, which hides the inherited --version; help keeps working through this.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the baseline stands for (default: << Ferry Baseline >>).")
    private String description;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Ferry ferry = main.ferry()) {
            AppliedRunbook row = ferry.migrations(main.host().resolve(directory)).baseline(version, description);
            out.println("baseline at version " + row.version() + ": runbooks up to it count as applied");
            out.flush();
            return 0;
        }
    }
}
