package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.migrate.MigrateResult;
import io.ferry.migrate.Migrator;
import io.ferry.runbook.Monitoring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry migrate DIR}: runs the pending versioned runbooks of a directory. */
@Command(name = "migrate", sortOptions = false,
        description = {
                "Runs the pending runbooks of a directory: V<version>__<description>.groovy (or .jsh) once each, in",
                "version order, then R__<description>.groovy whenever its content changed. Stops at the first failure.",
                "Validates first: an edited, failed or out-of-order runbook stops it before anything runs.",
                "Only one migrate runs on a state store at a time."})
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory of runbooks.")
    private Path directory;

    @Option(names = "--target", paramLabel = "VERSION", description = "Run versioned runbooks up to this version only.")
    private String target;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "0",
            description = "How long to wait for another migrate to finish, such as 30s, 5m or 1h, at most 3650d (default: refuse at once).")
    private String wait;

    @Option(names = "--break-lock",
            description = "Break the lock of a migrate that crashed or was killed on this host (never that of one still running).")
    private boolean breakLock;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        Path dir = main.host().resolve(directory);
        Duration lockWait = Monitoring.parseDuration(wait, "--wait");
        try (RunSession session = new RunSession(main, spec, output.json())) {
            PrintWriter err = spec.commandLine().getErr();
            Migrator migrator = session.ferry().migrations(dir).log(line -> {
                err.println(line);
                err.flush();
            }).lockWait(lockWait).breakGoneLock(breakLock);
            MigrateResult result = session.interruptible(f -> migrator.migrate(target));
            print(result, dir);
            return result.exitCode().code();
        }
    }

    private void print(MigrateResult result, Path dir) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode applied = n.putArray("applied");
            for (MigrateResult.Applied a : result.applied()) {
                ObjectNode row = applied.addObject();
                row.put("script", a.runbook().script());
                row.put("version", a.runbook().version() == null ? null : a.runbook().version().toString());
                row.put("type", a.runbook().type().name());
                row.put("success", a.success());
                row.put("runId", a.result() == null ? null : a.result().runId());
                row.put("status", a.result() == null ? null : a.result().status().name());
                row.put("executionTimeMillis", a.executionTimeMillis());
            }
            n.put("error", result.error());
            n.put("exitCode", result.exitCode().code());
            Json.print(out, n);
            return;
        }
        long ok = result.applied().stream().filter(MigrateResult.Applied::success).count();
        out.println(result.error() == null
                ? "migrated " + ok + " runbook(s); " + dir + " is up to date" + (target == null ? "" : " up to version " + target)
                : "migrated " + ok + " runbook(s), then stopped: " + result.error());
        out.flush();
    }
}
