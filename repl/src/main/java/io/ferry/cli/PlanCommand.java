package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.runbook.Runbook;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry plan RUNBOOK}: plans a runbook and saves the plan as a run to apply later. */
@Command(name = "plan", sortOptions = false,
        description = {
                "Plans a runbook without writing anything, saves the plan as a run and prints it.",
                "Apply it later, unchanged, with 'ferry apply RUN'."})
final class PlanCommand implements Callable<Integer>, RunbookCommand {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK", description = "The runbook file, for example V1__copy.groovy.")
    private Path runbook;

    @Option(names = "--all",
            description = "List every item of the plan (default: the first " + ItemTable.DEFAULT_LIMIT + ").")
    private boolean all;

    @Mixin
    private SampleOption sample;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        Path file = main.host().resolve(runbook);
        return carryOut(ferry -> ferry.load(file));
    }

    @Override
    public int carryOut(Function<Ferry, Runbook> read) {
        return new RunFlow(main, spec, output.json(), all).sample(sample.perAction()).run(read, true, false);
    }
}
