package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.cli.host.Host;
import io.ferry.cli.host.Interrupts;
import io.ferry.cli.terminal.EscapingPrintStream;
import io.ferry.cli.terminal.OpenLine;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.secret.SecretValue;
import io.ferry.state.JournalKey;
import io.ferry.state.StateLocation;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ferry} command: {@link FerryCommand}, its name, description, exit codes and global
 * options, with the subcommands. {@link #commandLine()} wires the error handling, so that every
 * failure ends as one line on standard error and one of the {@link io.ferry.api.ExitCode} values.
 */
@Command(subcommands = {
                RunCommand.class,
                PlanCommand.class,
                ApplyCommand.class,
                ResumeCommand.class,
                RollbackCommand.class,
                BackupCommand.class,
                BackupsCommand.class,
                RestoreCommand.class,
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
                ExamplesCommand.class,
                EmulateCommand.class,
                RetryCommand.class,
                SyncCommand.class,
                PauseCommand.class,
                PhaseCommand.class,
                MonitorCommand.class,
                MigrateCommand.class,
                ScheduleCommand.class,
                InfoCommand.class,
                ValidateCommand.class,
                RepairCommand.class,
                BaselineCommand.class,
                UnlockCommand.class,
                ReplCommand.class})
public final class Main extends FerryCommand {

    private final Host host;
    private final Interrupts interrupts;
    private final Consumer<SecretValue> valuesRead;

    /**
     * The command in this process's surroundings, as tools that read the command definitions
     * (picocli's completion and man page generators) create it.
     */
    public Main() {
        this(Host.system());
    }

    /**
     * @param host the working directory, environment, standard input and terminal to use
     */
    public Main(Host host) {
        this(host, Interrupts.SIGNAL, value -> { });
    }

    /**
     * @param host the working directory, environment, standard input and terminal to use
     * @param interrupts how Ctrl-C reaches a long command: the process's signal, or a shell's
     * @param valuesRead hears the values planning reads from a source: a shell masks them in what transforms print
     */
    public Main(Host host, Interrupts interrupts, Consumer<SecretValue> valuesRead) {
        this.host = host;
        this.interrupts = interrupts;
        this.valuesRead = valuesRead;
    }

    /**
     * Runs the command line and exits with its exit code. Standard error escapes what the engine
     * logs there, as the commands' own output is escaped. A command line that only asks for the
     * help or the version is answered without the subcommands ({@link #helpAndVersion}).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // picocli's first command looks for Groovy's Closure class, for closures in annotations,
        // which Ferry has none of; loading it starts Groovy's runtime, most of a short command's time.
        System.setProperty("picocli.disable.closures", "true");
        System.setErr(new EscapingPrintStream(OpenLine.guarding(System.err), Charset.defaultCharset()));
        CommandLine commandLine = asksOnlyHelpOrVersion(args) ? helpAndVersion() : new Main(Host.system()).commandLine();
        System.exit(commandLine.execute(args));
    }

    /**
     * @return the names of the subcommands, read from their annotations without building them, in
     *     the order of the help
     */
    static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> subcommand : Main.class.getAnnotation(Command.class).subcommands()) {
            Command command = subcommand.getAnnotation(Command.class);
            names.add(command.name());
            names.addAll(List.of(command.aliases()));
        }
        return names;
    }

    /**
     * @return a command line for this command, with Ferry's error handling and exit codes, whose
     *     commands print through a {@link TerminalWriter}
     */
    public CommandLine commandLine() {
        FailureHandler failures = new FailureHandler(this);
        return new CommandLine(this)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(Main::executeMatched)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setExitCodeExceptionMapper(failures);
    }

    /**
     * Runs the command, or prints the help asked for, once every word of the command line was
     * understood: picocli prints help even beside words it could not place, so that
     * {@code ferry NOSUCHCOMMAND --help} would exit 0 and a script could not tell a typo from success.
     */
    private static int executeMatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
            }
        }
        return executeEscaped(parsed);
    }

    /**
     * Runs the command with its standard output and error escaped for a terminal, once the help and
     * the version, whose text is picocli's own, have had their turn.
     */
    private static int executeEscaped(ParseResult parsed) {
        CommandLine root = parsed.commandSpec().commandLine();
        PrintWriter out = root.getOut();
        if (out instanceof TerminalWriter escaping) {
            // the REPL's writer escapes already; the help's line breaks are picocli's own and stay breaks
            root.setOut(escaping.keepingLineFeeds());
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        root.setOut(TerminalWriter.of(out));
        root.setErr(TerminalWriter.of(root.getErr()));
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * @return the process's surroundings; with {@code --journal-key}, an environment in which the
     *     secret it names is the only journal key, so that the engine and every store reading the key
     *     find the same one
     */
    Host host() {
        String journalKey = journalKey();
        if (journalKey == null) {
            return host;
        }
        Map<String, String> environment = new HashMap<>(host.environment());
        environment.remove(JournalKey.KEY_VARIABLE);
        environment.remove(JournalKey.FILE_VARIABLE);
        environment.put(JournalKey.URI_VARIABLE, journalKey);
        return new Host(host.workingDirectory(), environment, host.stdin(), host.terminal());
    }

    /** @return how Ctrl-C reaches a long command */
    Interrupts interrupts() {
        return interrupts;
    }

    /** @return what {@code --state}, else {@code FERRY_STATE}, says; the default file when neither does */
    String stateOption() {
        if (state() != null) {
            return state();
        }
        String fromEnvironment = host.environment().get("FERRY_STATE");
        return fromEnvironment == null || fromEnvironment.isEmpty() ? DEFAULT_STATE : fromEnvironment;
    }

    /**
     * @return the state store: a file resolved against the working directory, or a PostgreSQL database
     * @throws FerryException (usage) when {@code --state} is a URL of another scheme (a URL taken as a
     *     path would quietly become a directory named after its scheme), a malformed PostgreSQL URL, or
     *     a directory
     */
    StateLocation stateLocation() {
        try {
            return StateLocation.parse(stateOption(), host().workingDirectory(), host().environment());
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /**
     * Checks that the state store exists, for commands about runs already journaled, so that a
     * wrong directory or {@code --state} is reported as such instead of as an empty new store.
     */
    void requireStateStore() {
        if (stateLocation().isMissingFile()) {
            throw new FerryException(ExitCode.ENVIRONMENT, "no state store at " + stateLocation()
                    + "; run ferry in the directory the run was started in, or point --state at its state.db");
        }
    }

    /**
     * Checks that the state store exists, for a command about one run (or sync) already journaled:
     * without it no run is known here, which is a wrong run id or directory (a usage error) rather
     * than a store that cannot be used.
     *
     * @param runId the run or sync id the user gave
     */
    void requireStateStoreFor(String runId) {
        if (stateLocation().isMissingFile()) {
            throw new FerryException(ExitCode.USAGE, "no run '" + runId + "' is known here: there is no state store at "
                    + stateLocation() + "; run ferry in the directory the run was started in, or point --state at its state.db");
        }
    }

    /** @return an engine configuration with this command line's directory, environment and state store */
    Ferry.Configuration configure() {
        return Ferry.configure()
                .workingDirectory(host().workingDirectory())
                .state(stateOption())
                .providerContext(host().providerContext())
                .valuesRead(valuesRead);
    }

    /** @return the engine, for commands that neither write nor take long */
    Ferry ferry() {
        return configure().load();
    }
}
