package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that carries an existing run further ({@code apply}, {@code resume}, {@code rollback}):
 * it needs the state store, takes a run id, can be interrupted with Ctrl-C, and prints the run.
 */
abstract class RunIdCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run's id, or a unique prefix of it.")
    String run;

    @Mixin
    OutputOption output;

    @Option(names = "--force", description = {"Take the run over from another process, on this host or another, whose lease on it",
            "has not run out; only when that process is gone for good."})
    boolean force;

    /**
     * @param ferry the engine
     * @param runId the run the user named
     * @return what became of the run
     */
    abstract RunResult carryOut(Ferry ferry, String runId);

    @Override
    public Integer call() {
        main.requireStateStoreFor(run);
        try (RunSession session = new RunSession(main.configure().takeOverLeases(force), main.host(), main.interrupts(), spec, output.json())) {
            return session.finish(session.interruptible(f -> carryOut(f, run)));
        }
    }
}
