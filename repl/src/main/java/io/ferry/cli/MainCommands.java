package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.cli.host.Host;
import io.ferry.cli.host.Interrupts;
import io.ferry.cli.repl.Commands;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretValue;
import io.ferry.state.StateLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code ferry} command line for the REPL's {@code :commands}: a fresh {@link Main} per
 * command, with the shell's {@link Host}, global options and Ctrl-C, so that a command behaves and
 * fails exactly as it does from the shell prompt, without ending the REPL.
 */
public final class MainCommands implements Commands {

    /** Stands for the file of a runbook built in the shell, which has none. */
    private static final String NO_FILE = "(built in the shell)";

    private final Host host;
    private final List<String> globalOptions;
    private final Interrupts interrupts;
    private final Consumer<SecretValue> valuesRead;

    /**
     * @param host the working directory, environment, standard input and terminal
     * @param globalOptions options given before every command, such as {@code --state FILE}
     */
    public MainCommands(Host host, List<String> globalOptions) {
        this(host, globalOptions, Interrupts.SIGNAL, value -> { });
    }

    private MainCommands(Host host, List<String> globalOptions, Interrupts interrupts, Consumer<SecretValue> valuesRead) {
        this.host = host;
        this.globalOptions = List.copyOf(globalOptions);
        this.interrupts = interrupts;
        this.valuesRead = valuesRead;
    }

    @Override
    public MainCommands withInterrupts(Interrupts interrupts) {
        return new MainCommands(host, globalOptions, interrupts, valuesRead);
    }

    @Override
    public MainCommands withValuesRead(Consumer<SecretValue> observer) {
        return new MainCommands(host, globalOptions, interrupts, observer);
    }

    @Override
    public MainCommands in(Path workingDirectory) {
        return new MainCommands(new Host(workingDirectory, host.environment(), host.stdin(), host.terminal()), globalOptions,
                interrupts, valuesRead);
    }

    @Override
    public List<String> names() {
        return Main.commandNames();
    }

    @Override
    public CommandSpec spec() {
        return new Main(host).commandLine().getCommandSpec();
    }

    @Override
    public int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new Main(host, interrupts, valuesRead).commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(withGlobalOptions(args));
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public int runbook(PrintWriter out, String command, Runbook runbook, List<String> options) {
        Main main = new Main(host, interrupts, valuesRead);
        CommandLine commandLine = main.commandLine();
        commandLine.setOut(out);
        commandLine.setErr(out);
        List<String> args = new ArrayList<>(List.of(command, NO_FILE));
        args.addAll(options);
        try {
            CommandLine.ParseResult parsed = commandLine.parseArgs(withGlobalOptions(args.toArray(String[]::new)));
            CommandLine sub = parsed.subcommand().commandSpec().commandLine();
            if (!(sub.getCommand() instanceof RunbookCommand runbookCommand)) {
                throw new ParameterException(sub, "'" + command + "' does not take a runbook; use :plan or :run");
            }
            return runbookCommand.carryOut(ferry -> runbook);
        } catch (ParameterException e) {
            return new FailureHandler(main).handleParseException(e, args.toArray(String[]::new));
        } catch (RuntimeException e) {
            return new FailureHandler(main).handleExecutionException(e, commandLine, null);
        } finally {
            out.flush();
        }
    }

    @Override
    public StateLocation stateLocation() {
        return withGlobalOptionsParsed().stateLocation();
    }

    @Override
    public Ferry.Configuration configure() {
        return withGlobalOptionsParsed().configure();
    }

    private Main withGlobalOptionsParsed() {
        Main main = new Main(host, interrupts, valuesRead);
        main.commandLine().parseArgs(globalOptions.toArray(String[]::new));
        return main;
    }

    @Override
    public ProgressListener progress(PrintWriter err) {
        return new ProgressReporter(err, host.terminal().stderrIsTerminal(), System::nanoTime);
    }

    private String[] withGlobalOptions(String... args) {
        List<String> all = new ArrayList<>(globalOptions);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
