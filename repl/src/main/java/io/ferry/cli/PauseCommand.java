package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.state.SyncJournal;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry pause SYNC}: holds a sync's passes until it is resumed. */
@Command(name = "pause",
        description = {
                "Holds a sync's passes: a pass under way finishes, no new one starts.",
                "The sync's process keeps waiting; 'ferry resume SYNC' lets it go on."})
final class PauseCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SYNC", description = "The sync's id, or a unique prefix of it.")
    private String sync;

    @Override
    public Integer call() {
        main.requireStateStoreFor(sync);
        try (Ferry ferry = main.ferry()) {
            if (!ferry.isSync(sync)) {
                ferry.run(sync);
                throw new FerryException(ExitCode.USAGE, sync + " is a run, not a sync; only a sync can be paused "
                        + "(stop a run with Ctrl-C, and continue it with: ferry resume " + sync + ")");
            }
            SyncJournal.Sync paused = ferry.pauseSync(sync, true);
            PrintWriter out = spec.commandLine().getOut();
            out.println("sync " + paused.id() + " paused after " + paused.passes() + " passes; continue it with: ferry resume "
                    + paused.id());
            out.flush();
            return ExitCode.SUCCESS.code();
        }
    }
}
