package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import io.ferry.cli.terminal.TerminalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry show RUN}: one run, its counts, validation and items, for review and audit. */
@Command(name = "show", sortOptions = false,
        description = {
                "Shows a run for review and audit: its source, target, actor, times, counts, validation and items.",
                "Each item shows its action, keys, reason, flags, status and error. Values are never shown."})
final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run's id, or a unique prefix of it.")
    private String run;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only items with these statuses: pending, writing, done, failed, noop, rolled_back, "
                    + "rollback_failed, and flagged for items flagged for review; for example --status failed,flagged.")
    private List<String> statuses = new ArrayList<>();

    @Option(names = "--all", description = "List every item (default: the first " + ItemTable.DEFAULT_LIMIT + ").")
    private boolean all;

    /** How {@code show} writes a run: as the other commands do, or its items alone as CSV. */
    enum Format {
        /** For people. */
        text,
        /** One JSON document on standard output, for scripts. */
        json,
        /** The items alone, one row each, for spreadsheets and tickets. */
        csv
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = {"How to write the run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
                    "csv writes the items alone, every one that --status selects, under a row of column names: source_key,",
                    "target_key, action, status, reason, attempts, flags, error, source_fingerprint, target_fingerprint."})
    private Format format;

    @Override
    public Integer call() {
        main.requireStateStoreFor(run);
        try (Ferry ferry = main.ferry()) {
            String id = ferry.run(run).id();
            RunItems items = RunItems.having(ferry, id, statuses);
            if (format == Format.csv) {
                // A file format, quoted as CSV quotes: kept exact, as JSON output is.
                new ItemsCsv(TerminalWriter.unescaped(spec.commandLine().getOut())).write(items);
                return 0;
            }
            RunResult result = ferry.result(id);
            new RunReport(ferry, spec.commandLine().getOut(), format == Format.json)
                    .print(result, items, all ? 0 : ItemTable.DEFAULT_LIMIT, true);
            return 0;
        }
    }
}
