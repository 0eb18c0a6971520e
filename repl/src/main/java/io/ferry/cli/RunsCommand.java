package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ferry.api.Ferry;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry runs}: the runs in the state store, newest first. */
@Command(name = "runs", description = "Lists the runs in the state store, newest first.")
final class RunsCommand implements Callable<Integer> {

    private static final String ROW = "%-24s  %-21s  %-20s  %-23s  %s%n";

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (main.stateLocation().isMissingFile()) {
            if (output.json()) {
                Json.print(out, Json.MAPPER.createArrayNode());
            } else {
                out.println("no runs: " + main.stateLocation() + " does not exist; "
                        + "start one with: ferry run RUNBOOK, or ferry copy FROM TO");
                out.flush();
            }
            return 0;
        }
        try (Ferry ferry = main.ferry()) {
            List<RunRecord> runs = ferry.runs();
            if (output.json()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                runs.forEach(r -> list.add(Json.run(r)));
                Json.print(out, list);
                return 0;
            }
            if (runs.isEmpty()) {
                out.println("no runs in " + ferry.stateLocation() + "; start one with: ferry run RUNBOOK, or ferry copy FROM TO");
                return 0;
            }
            out.printf(ROW, "RUN", "STATUS", "RUNBOOK", "STARTED", "SOURCE -> TARGET");
            for (RunRecord r : runs) {
                out.printf(ROW, r.id(), r.status(), r.runbookName(), RunSummary.time(r.startedAt()),
                        r.sourceUri() + " -> " + r.targetUri());
                if (r.status() == RunStatus.PAUSED && r.error() != null) {
                    // Why it waits and when it goes on: the next window's start is in the reason.
                    out.println("  paused: " + r.error());
                }
            }
            out.flush();
            return 0;
        }
    }
}
