package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.Ferry;
import io.ferry.api.RestorePoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry backups}: the restore points in the state store, newest first. */
@Command(name = "backups", description = "Lists the restore points in the state store, newest first: name, store, keys and age.")
final class BackupsCommand implements Callable<Integer> {

    private static final String ROW = "%-27s  %-6s  %-8s  %-22s  %s%n";

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
                out.println("no restore points: " + main.stateLocation() + " does not exist; take one with: ferry backup URI");
                out.flush();
            }
            return 0;
        }
        try (Ferry ferry = main.ferry()) {
            List<RestorePoint> points = ferry.backups();
            if (output.json()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                points.forEach(p -> list.add(json(p)));
                Json.print(out, list);
                return 0;
            }
            if (points.isEmpty()) {
                out.println("no restore points in " + ferry.stateLocation() + "; take one with: ferry backup URI");
                return 0;
            }
            Instant now = Instant.now();
            out.printf(ROW, "NAME", "KEYS", "AGE", "TAKEN BY", "STORE");
            for (RestorePoint p : points) {
                out.printf(ROW, p.name(), p.complete() ? p.keyCount() : "cut", age(Duration.between(p.createdAt(), now)),
                        p.runId() == null ? "ferry backup" : "run " + p.runId(),
                        p.storeUri() + (p.location() == null ? "" : " (in " + p.location() + ")"));
            }
            out.flush();
            return 0;
        }
    }

    /** An age in its largest whole unit: 45s, 12m, 5h, 30d. */
    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86400 ? s / 3600 + "h" : s / 86400 + "d";
    }

    static ObjectNode json(RestorePoint p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", p.name());
        n.put("store", p.storeUri());
        n.put("location", p.location());
        n.put("keys", p.keys());
        n.put("allVersions", p.allVersions());
        n.put("keyCount", p.keyCount());
        n.put("recordCount", p.recordCount());
        n.put("createdAt", Json.time(p.createdAt()));
        n.put("runId", p.runId());
        n.put("role", p.role());
        n.put("complete", p.complete());
        return n;
    }
}
