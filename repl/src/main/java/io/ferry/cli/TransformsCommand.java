package io.ferry.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry transforms}: every transform a runbook or {@code ferry copy --transform} can name. */
@Command(name = "transforms",
        description = "Lists the transforms, with what each does: the built-ins, and with --dir the scripts in DIR/transforms.")
final class TransformsCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TransformOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> transforms = options.catalog(main.host()).descriptions();
        if (transforms.isEmpty()) {
            out.println("no transforms on the class path");
        }
        int width = transforms.keySet().stream().mapToInt(String::length).max().orElse(0);
        transforms.forEach((name, description) -> out.printf("%-" + width + "s  %s%n", name, description));
        out.flush();
        return 0;
    }
}
