package io.ferry.cli.repl;

import io.ferry.state.RunRecord;

/**
 * What {@code plan(rb)}, {@code run(rb)} and {@code retry(RUN, key)} did: the run, as the state
 * store has it now, and the command's exit code. The command printed its own report as it ran,
 * so a line whose result this is prints nothing more.
 *
 * @param run the run planned, run or retried; null when the command stopped before making one
 * @param exitCode the exit code the CLI's command would have ended with
 */
public record RunOutcome(RunRecord run, int exitCode) {

    @Override
    public String toString() {
        return (run == null ? "no run" : "run " + run.id() + " " + run.status()) + " (exit " + exitCode + ")";
    }
}
