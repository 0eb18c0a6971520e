package io.ferry.cli;

import picocli.CommandLine.Option;

/** The options of the commands that plan and then apply: {@code --dry-run}, {@code --yes}, {@code --all}. */
final class ApplyOptions {

    @Option(names = "--dry-run", description = "Only plan: save the plan as a run and print it; write nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Apply without asking for confirmation.")
    boolean yes;

    @Option(names = "--all",
            description = "List every item of the plan (default: the first " + ItemTable.DEFAULT_LIMIT + ").")
    boolean all;
}
