package io.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry apply RUN}: carries out a saved plan exactly as it was reviewed. */
@Command(name = "apply",
        description = {
                "Carries out a plan saved by 'ferry plan' or 'ferry run --dry-run', exactly as it was planned.",
                "Ctrl-C stops at the next batch; resume with 'ferry resume RUN'."})
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The planned run's id, or a unique prefix of it.")
    private String run;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        main.requireStateStore();
        try (RunSession session = new RunSession(main, spec, output.json())) {
            return session.finish(session.interruptible(f -> f.apply(run)));
        }
    }
}
