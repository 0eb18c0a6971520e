package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.state.LeaseHolder;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry unlock}: breaks the migration lock a crashed migrate left behind. */
@Command(name = "unlock",
        description = {"Breaks the migration lock of the state store when the migrate that took it crashed or was killed.",
                "A lock whose holder may still run (on this host, or on another before its lease runs out)",
                "is broken only with --force."})
final class UnlockCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "Break the lock even when its holder may still be running.")
    private boolean force;

    @Override
    public Integer call() {
        main.requireStateStore();
        PrintWriter out = spec.commandLine().getOut();
        try (Ferry ferry = main.ferry()) {
            Optional<LeaseHolder> broken = ferry.migrations(main.host().workingDirectory()).unlock(force);
            out.println(broken.map(h -> "broke the migration lock of " + h).orElse("the migration lock is not held"));
            out.flush();
            return 0;
        }
    }
}
