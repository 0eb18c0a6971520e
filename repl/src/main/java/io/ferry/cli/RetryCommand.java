package io.ferry.cli;

import io.ferry.api.RunResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry retry RUN KEY...}: plans and writes again the records of a run that were flagged or failed. */
@Command(name = "retry",
        description = {
                "Retries records of a finished run, once their value or the runbook's transform is fixed:",
                "plans the given source keys again, alone, against the source and target as they are now,",
                "writes them in the same run, and validates and finishes the run again. Records the run",
                "already wrote are refused; nothing changes when a key is unknown or its record is blocked.",
                "An edited runbook is followed when it still moves between the same stores."})
final class RetryCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id, or a unique prefix of it.")
    private String run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY",
            description = "The source keys to retry, as 'ferry show RUN --status flagged,failed' lists them.")
    private List<String> keys;

    @Mixin
    private OutputOption output;

    @Option(names = "--force", description = {"Take the run over from another process, on this host or another, whose lease on it",
            "has not run out; only when that process is gone for good."})
    private boolean force;

    @Override
    public Integer call() {
        main.requireStateStoreFor(run);
        try (RunSession session = new RunSession(main.configure().takeOverLeases(force), main.host(), main.interrupts(), spec, output.json())) {
            RunResult result = session.interruptible(f -> f.retry(run, keys));
            return session.finish(result);
        }
    }
}
