package io.ferry.cli.repl;

import io.ferry.api.Ferry;
import io.ferry.cli.host.Interrupts;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretValue;
import io.ferry.state.StateLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code ferry} command line as the REPL reaches it: {@code :run}, {@code :plan} and the
 * other colon commands run the very commands of the CLI, so that their output and exit codes are
 * the same in the shell as outside it.
 */
public interface Commands {

    /**
     * @param interrupts how Ctrl-C reaches a long command run from the shell
     * @return these commands, with that Ctrl-C
     */
    Commands withInterrupts(Interrupts interrupts);

    /**
     * @param observer hears every value planning reads from a source while these commands run, so
     *     that the shell can mask those values in what a runbook's transforms print
     * @return these commands, with that observer
     */
    Commands withValuesRead(Consumer<SecretValue> observer);

    /**
     * @param workingDirectory the directory relative paths, {@code local:} stores and the state
     *     store are found from, for {@code :cd}
     * @return these commands, run as if started in that directory
     */
    Commands in(Path workingDirectory);

    /** @return the names of the commands that can be run */
    List<String> names();

    /** @return the {@code ferry} command's model: its subcommands, their options and parameters */
    CommandSpec spec();

    /**
     * Runs one command line; failures are reported on {@code err} as the CLI reports them.
     *
     * @param out where the command's output goes
     * @param err where its errors go
     * @param args the command and its arguments, for example {@code plan V1__copy.groovy}
     * @return the command's exit code
     */
    int execute(PrintWriter out, PrintWriter err, String... args);

    /**
     * Plans or runs a runbook that has no file (built in the shell) as {@code ferry plan} and
     * {@code ferry run} do for a file.
     *
     * @param out where the output and errors go
     * @param command {@code plan} or {@code run}
     * @param runbook the runbook
     * @param options the command's options, for example {@code --yes}
     * @return the exit code
     */
    int runbook(PrintWriter out, String command, Runbook runbook, List<String> options);

    /** @return the state store the commands journal runs in */
    StateLocation stateLocation();

    /** @return the engine's settings for the shell's own use: its working directory and state store */
    Ferry.Configuration configure();

    /**
     * @param err where progress goes
     * @return progress as the CLI shows it: a bar on a terminal, a line now and then elsewhere
     */
    ProgressListener progress(PrintWriter err);
}
