package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.cli.host.Host;
import io.ferry.cli.repl.Repl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ferry repl}: the interactive shell, {@link Repl}. */
@Command(name = "repl",
        description = {
                "Opens a shell that evaluates Groovy with the engine bound in (open, ls, get, put, reveal, diff,",
                "load, runbook, plan, run, runs, flagged, retry), and runs every ferry command as :COMMAND, plus",
                ":connect, :ls, :get, :load, :flagged, :java and :groovy. Tab completes. Values print masked, except",
                "through reveal(record); lines that handle a value are not kept in the history",
                "(~/.ferry/repl_history, or " + Repl.HISTORY_VARIABLE + ")."})
final class ReplCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--java", description = "Start in Java (JShell) rather than Groovy; :groovy switches back.")
    private boolean java;

    @Override
    public Integer call() {
        Host host = main.host();
        List<String> globalOptions = new ArrayList<>(List.of("--state", main.stateOption()));
        if (main.verbose()) {
            globalOptions.add("--verbose");
        }
        try (Terminal terminal = terminal(host)) {
            return new Repl(terminal, Repl.historyFile(host.environment()), host, new MainCommands(host, globalOptions), java).run();
        } catch (IOException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "cannot open the terminal for the REPL: " + e.getMessage(), e);
        }
    }

    /**
     * Without a console (input piped in), a dumb terminal reads the lines as they come. The terminal
     * comes from JLine's native library, else from stty; JLine would otherwise also load the JNA
     * and Jansi providers before choosing, and JNA unpacks and loads a native library of its own.
     */
    private static Terminal terminal(Host host) throws IOException {
        TerminalBuilder builder = TerminalBuilder.builder().name("ferry").dumb(true)
                .providers(TerminalBuilder.PROP_PROVIDER_JNI + "," + TerminalBuilder.PROP_PROVIDER_EXEC);
        if (host.stdin() == System.in) {
            return builder.system(true).build();
        }
        return builder.system(false).streams(host.stdin(), System.out).build();
    }
}
