package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.cli.terminal.EscapingPrintStream;
import io.ferry.cli.terminal.TerminalWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} command: global options and the subcommands. {@link #commandLine()} wires the
 * error handling, so that every failure ends as one line on standard error and one of the
 * {@link io.ferry.api.ExitCode} values.
 */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Moves secrets between stores with planned, journaled, resumable and reversible runs.",
                "Values are never printed, except by 'ferry get --reveal'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success; diff: the stores are in sync",
                "1:records failed or were flagged; diff: the stores differ",
                "2:wrong command line or runbook; nothing was done",
                "3:validation failed; validate: an applied runbook was edited, failed or is out of order; monitor: the match rate fell below the bar; phase --to: the gate does not hold",
                "4:the plan is blocked by conflicts or invalid records; nothing was written",
                "5:the run stopped on an error; resume or roll it back",
                "6:a store, passphrase, key file or state store could not be used; migrate: another migrate holds the lock",
                "130:interrupted by Ctrl-C; resume the run (or the sync)"},
        subcommands = {
                RunCommand.class,
                PlanCommand.class,
                ApplyCommand.class,
                ResumeCommand.class,
                RollbackCommand.class,
                RunsCommand.class,
                ShowCommand.class,
                LsCommand.class,
                GetCommand.class,
                PutCommand.class,
                CopyCommand.class,
                DiffCommand.class,
                ProvidersCommand.class,
                HealthCommand.class,
                TransformsCommand.class,
                TransformCommand.class,
                DemoCommand.class,
                EmulateCommand.class,
                RetryCommand.class,
                SyncCommand.class,
                PauseCommand.class,
                PhaseCommand.class,
                MonitorCommand.class,
                MigrateCommand.class,
                InfoCommand.class,
                ValidateCommand.class,
                RepairCommand.class,
                BaselineCommand.class,
                UnlockCommand.class,
                ReplCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE", defaultValue = ".ferry/state.db", scope = ScopeType.INHERIT,
            description = "The state store that journals runs (default: ${DEFAULT-VALUE}).")
    private Path state;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    private boolean verbose;

    private final Host host;
    private final Interrupts interrupts;

    /**
     * @param host the working directory, environment, standard input and terminal to use
     */
    public Main(Host host) {
        this(host, Interrupts.SIGNAL);
    }

    /**
     * @param host the working directory, environment, standard input and terminal to use
     * @param interrupts how Ctrl-C reaches a long command: the process's signal, or a shell's
     */
    public Main(Host host, Interrupts interrupts) {
        this.host = host;
        this.interrupts = interrupts;
    }

    /**
     * Runs the command line and exits with its exit code. Standard error escapes what the engine
     * logs there, as the commands' own output is escaped.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setErr(new EscapingPrintStream(System.err, Charset.defaultCharset()));
        System.exit(new Main(Host.system()).commandLine().execute(args));
    }

    /**
     * @return a command line for this command, with Ferry's error handling and exit codes, whose
     *     commands print through a {@link TerminalWriter}
     */
    public CommandLine commandLine() {
        FailureHandler failures = new FailureHandler(this);
        return new CommandLine(this)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(Main::executeEscaped)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setExitCodeExceptionMapper(failures);
    }

    /**
     * Runs the command with its standard output and error escaped for a terminal, once the help and
     * the version, whose text is picocli's own, have had their turn.
     */
    private static int executeEscaped(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine root = parsed.commandSpec().commandLine();
        root.setOut(TerminalWriter.of(root.getOut()));
        root.setErr(TerminalWriter.of(root.getErr()));
        return new CommandLine.RunLast().execute(parsed);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** @return the process's surroundings */
    Host host() {
        return host;
    }

    /** @return how Ctrl-C reaches a long command */
    Interrupts interrupts() {
        return interrupts;
    }

    /** @return whether errors should come with stack traces */
    boolean verbose() {
        return verbose;
    }

    /** @return the state store file, resolved against the working directory */
    Path stateFile() {
        return host.resolve(state);
    }

    /**
     * Checks that the state store exists, for commands about runs already journaled, so that a
     * wrong directory or {@code --state} is reported as such instead of as an empty new store.
     */
    void requireStateStore() {
        if (!Files.isRegularFile(stateFile())) {
            throw new FerryException(ExitCode.ENVIRONMENT, "no state store at " + stateFile()
                    + "; run ferry in the directory the run was started in, or point --state at its state.db");
        }
    }

    /** @return an engine configuration with this command line's directory, environment and state store */
    Ferry.Configuration configure() {
        return Ferry.configure()
                .workingDirectory(host.workingDirectory())
                .stateFile(stateFile())
                .providerContext(host.providerContext());
    }

    /** @return the engine, for commands that neither write nor take long */
    Ferry ferry() {
        return configure().load();
    }
}
