package io.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry rollback RUN}: restores what a run overwrote and removes what it created. */
@Command(name = "rollback",
        description = {
                "Undoes a run: restores what each written secret held before, newest first.",
                "Secrets someone else changed since the run are left as they are and reported.",
                "Ctrl-C stops at the next batch; continue with 'ferry rollback RUN'."})
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run's id, or a unique prefix of it.")
    private String run;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        main.requireStateStore();
        try (RunSession session = new RunSession(main, spec, output.json())) {
            return session.finish(session.interruptible(f -> f.rollback(run)));
        }
    }
}
