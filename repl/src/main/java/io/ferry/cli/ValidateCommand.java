package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry validate DIR}: fails when an applied runbook was edited, failed, or is out of order. */
@Command(name = "validate",
        description = {"Checks a directory against the runbook history: fails (exit 3) when an applied runbook was",
                "edited (with both checksums and the fix), when one failed, or when an unapplied one is older than",
                "the newest applied version."})
final class ValidateCommand implements Callable<Integer> {

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
            Path dir = main.host().resolve(directory);
            List<String> problems = ferry.migrations(dir).validate();
            int code = problems.isEmpty() ? ExitCode.SUCCESS.code() : ExitCode.VALIDATION_FAILED.code();
            if (output.json()) {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("valid", problems.isEmpty());
                problems.forEach(n.putArray("problems")::add);
                n.put("exitCode", code);
                Json.print(out, n);
                return code;
            }
            if (problems.isEmpty()) {
                out.println(dir + " is valid against the runbook history in " + ferry.stateLocation());
            } else {
                problems.forEach(p -> out.println("invalid: " + p));
            }
            out.flush();
            return code;
        }
    }
}
