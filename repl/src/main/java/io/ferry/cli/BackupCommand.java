package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.BackupRequest;
import io.ferry.api.BackupResult;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.RestorePoint;
import io.ferry.runbook.Monitoring;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry backup URI}: takes a restore point of a store. */
@Command(name = "backup", sortOptions = false,
        description = {
                "Takes a restore point of a store: every secret (or those --keys match) with its tags, content type",
                "and attributes, and every version with --versions all. It is sealed in the state store under the",
                "journal key, or kept in a new local store file with --to. List points with 'ferry backups' and",
                "restore one with 'ferry restore POINT'."})
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URI", description = "The store, for example aws:us-east-1/app/ or local:secrets.db.")
    private String uri;

    @Option(names = "--keys", paramLabel = "GLOB",
            description = "Only keys matching this glob (* within a segment, ** across segments); repeat for more.")
    private List<String> keys = new ArrayList<>();

    @Option(names = "--versions", paramLabel = "WHICH", defaultValue = "current",
            description = "current (the default) or all: every version the store keeps, restored in order.")
    private String versions;

    @Option(names = "--to", paramLabel = "local:FILE",
            description = "Keep the records in this new local store file (encrypted with its passphrase) instead of the state store.")
    private String to;

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "Afterwards, delete restore points taken longer ago than this, such as 30d.")
    private String retention;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        if (!versions.equals("current") && !versions.equals("all")) {
            throw new FerryException(ExitCode.USAGE, "--versions '" + versions + "' is not one of 'current', 'all'");
        }
        Duration keep = null;
        if (retention != null) {
            try {
                keep = Monitoring.parseDuration(retention, "--retention");
            } catch (IllegalArgumentException e) {
                throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Ferry ferry = main.ferry()) {
            BackupResult result = ferry.backup(BackupRequest.of(uri, keys, versions.equals("all"), to, keep));
            RestorePoint p = result.point();
            if (output.json()) {
                ObjectNode n = BackupsCommand.json(p);
                result.pruned().forEach(n.putArray("pruned")::add);
                Json.print(out, n);
                return 0;
            }
            out.println("restore point " + p.name() + " of " + p.storeUri() + ": " + p.keyCount() + " secrets, "
                    + p.recordCount() + " versions, " + (p.location() == null
                    ? "sealed in " + ferry.stateLocation() + " under the journal key" : "kept in " + p.location()));
            result.pruned().forEach(name -> out.println("pruned restore point " + name + ", older than " + retention));
            out.println("restore it with: ferry restore " + p.name() + " --dry-run");
            out.flush();
            return 0;
        }
    }
}
