package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.Ferry;
import io.ferry.migrate.MigrationInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry info DIR}: where each versioned runbook of a directory stands. */
@Command(name = "info",
        description = {"Shows each runbook of a directory and each row of the runbook history: applied, pending,",
                "failed, changed (edited after it was applied), missing (applied, file gone), ignored, baseline."})
final class InfoCommand implements Callable<Integer> {

    private static final String ROW = "%-8s  %-34s  %-10s  %-23s  %-14s  %s%n";

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory of runbooks.")
    private Path directory;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Ferry ferry = main.ferry()) {
            List<MigrationInfo> infos = ferry.migrations(main.host().resolve(directory)).info();
            if (output.json()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                for (MigrationInfo i : infos) {
                    ObjectNode n = list.addObject();
                    n.put("type", i.type().name());
                    n.put("version", i.version());
                    n.put("description", i.description());
                    n.put("script", i.script());
                    n.put("state", i.state().name());
                    n.put("checksum", i.checksum());
                    n.put("appliedChecksum", i.appliedChecksum());
                    n.put("installedOn", Json.time(i.installedOn()));
                    n.put("installedBy", i.installedBy());
                    n.put("executionTimeMillis", i.executionTimeMillis());
                    n.put("runId", i.runId());
                }
                Json.print(out, list);
                return 0;
            }
            if (infos.isEmpty()) {
                out.println("no runbooks in " + directory + " and no history; add V1__<description>.groovy");
                out.flush();
                return 0;
            }
            out.printf(ROW, "VERSION", "DESCRIPTION", "TYPE", "INSTALLED ON", "STATE", "RUN");
            for (MigrationInfo i : infos) {
                out.printf(ROW, i.version() == null ? "" : i.version(), i.description(),
                        i.type().name().toLowerCase(Locale.ROOT), i.installedOn() == null ? "" : RunSummary.time(i.installedOn()),
                        i.state().name().toLowerCase(Locale.ROOT).replace('_', ' '), i.runId() == null ? "" : i.runId());
            }
            out.flush();
            return 0;
        }
    }
}
