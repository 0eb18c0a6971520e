package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.runbook.Runbook;
import java.util.function.Function;

/**
 * A command that carries out a runbook ({@code plan}, {@code run}): from its file on the command
 * line, or, in the REPL, a runbook built in the shell that has no file.
 */
interface RunbookCommand {

    /**
     * @param read gives the runbook, with the engine
     * @return the exit code
     */
    int carryOut(Function<Ferry, Runbook> read);
}
