package io.ferry.cli.repl;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code ferry} command line as the REPL reaches it: {@code :run}, {@code :plan} and the
 * other colon commands run the very commands of the CLI, so that their output and exit codes are
 * the same in the shell as outside it.
 */
public interface Commands {

    /** @return the names of the commands that can be run */
    List<String> names();

    /**
     * Runs one command line; failures are reported on {@code err} as the CLI reports them.
     *
     * @param out where the command's output goes
     * @param err where its errors go
     * @param args the command and its arguments, for example {@code plan V1__copy.groovy}
     * @return the command's exit code
     */
    int execute(PrintWriter out, PrintWriter err, String... args);
}
