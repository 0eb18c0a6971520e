package io.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry resume RUN}: continues an interrupted or stopped run from its journal. */
@Command(name = "resume",
        description = {
                "Continues a run that was interrupted or stopped, from its journal.",
                "Nothing already written is written again; failed writes are tried again.",
                "Ctrl-C stops at the next batch; resume again later."})
final class ResumeCommand implements Callable<Integer> {

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
            return session.finish(session.interruptible(f -> f.resume(run)));
        }
    }
}
