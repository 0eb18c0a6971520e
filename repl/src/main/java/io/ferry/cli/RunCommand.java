package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.runbook.Runbook;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry run RUNBOOK}: plans, executes and validates a runbook. */
@Command(name = "run", sortOptions = false,
        description = {
                "Plans, executes and validates a runbook.",
                "On a terminal the plan is shown first and applied only if you confirm it;",
                "without a terminal (CI) pass --yes. Ctrl-C stops at the next batch; resume with 'ferry resume RUN'.",
                "A runbook with a schedule writes only in its maintenance windows: outside one nothing starts",
                "(exit code 7, saying when the next opens); when one closes the run pauses (PAUSED, exit code 7),",
                "and the next 'ferry run' of the runbook in a window continues it."})
final class RunCommand implements Callable<Integer>, RunbookCommand {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK", description = "The runbook file, for example V1__copy.groovy.")
    private Path runbook;

    @Mixin
    private ApplyOptions apply;

    @Mixin
    private SampleOption sample;

    @Mixin
    private OutputOption output;

    @Mixin
    private MetricsOptions metrics;

    @Mixin
    private WindowOptions windows;

    @Override
    public Integer call() {
        Path file = main.host().resolve(runbook);
        return carryOut(ferry -> ferry.load(file));
    }

    @Override
    public int carryOut(Function<Ferry, Runbook> read) {
        return new RunFlow(main, spec, output.json(), apply.all).sample(sample.perAction()).metrics(metrics)
                .run(read.andThen(windows::apply), apply.dryRun, apply.yes);
    }
}
