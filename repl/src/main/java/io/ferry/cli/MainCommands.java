package io.ferry.cli;

import io.ferry.cli.repl.Commands;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code ferry} command line for the REPL's {@code :commands}: a fresh {@link Main} per
 * command, with the shell's {@link Host} and global options, so that a command behaves and fails
 * exactly as it does from the shell prompt, without ending the REPL.
 */
public final class MainCommands implements Commands {

    private final Host host;
    private final List<String> globalOptions;

    /**
     * @param host the working directory, environment, standard input and terminal
     * @param globalOptions options given before every command, such as {@code --state FILE}
     */
    public MainCommands(Host host, List<String> globalOptions) {
        this.host = host;
        this.globalOptions = List.copyOf(globalOptions);
    }

    @Override
    public List<String> names() {
        return List.copyOf(new Main(host).commandLine().getSubcommands().keySet());
    }

    @Override
    public int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new Main(host).commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        List<String> all = new ArrayList<>(globalOptions);
        all.addAll(List.of(args));
        int code = commandLine.execute(all.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }
}
