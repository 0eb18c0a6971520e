package io.ferry.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} command without its subcommands: its name, description, exit codes and global
 * options. {@link Main} is this command with the subcommands. On its own, with each subcommand
 * named and described from its annotation alone ({@link #helpAndVersion}), it answers
 * {@code ferry --help} and {@code ferry --version} as {@link Main} does, without building the
 * subcommands' options, which loads their classes and much of what they refer to and is most of
 * the time those two take otherwise.
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
                "6:a store, passphrase, journal key or state store could not be used (missing, wrong, or unreadable where Ferry looked); migrate: another migrate holds the lock",
                "7:no maintenance window is open: the run paused when its window closed, or nothing started; the line says when the next opens",
                "130:interrupted by Ctrl-C; resume the run (or the sync)"})
class FerryCommand implements Callable<Integer> {

    /** The state store when neither {@code --state} nor {@code FERRY_STATE} names one. */
    static final String DEFAULT_STATE = ".ferry/state.db";

    /** The help option's names, and the version option's: each option once, alone or with the other, is answered alone. */
    private static final Set<String> HELP = Set.of("-h", "--help");
    private static final Set<String> VERSION = Set.of("-V", "--version");

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE|URL", scope = ScopeType.INHERIT,
            description = "The state store that journals runs: a SQLite file or postgresql://USER@HOST:PORT/DATABASE "
                    + "(default: FERRY_STATE, else " + DEFAULT_STATE + ").")
    private String state;

    @Option(names = "--journal-key", paramLabel = "STORE/KEY", scope = ScopeType.INHERIT,
            description = {"The secret that holds the journal key in base64, in a store Ferry can read, for example "
                    + "aws:us-east-1/ferry/journal-key or k8s:ferry/journal-key#key; stands in for FERRY_JOURNAL_KEY_URI, "
                    + "FERRY_JOURNAL_KEY and FERRY_JOURNAL_KEY_FILE (default: the first of those set, else "
                    + "~/.ferry/journal.key)."})
    private String journalKey;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    private boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** @return what {@code --state} says, null when it is not given */
    final String state() {
        return state;
    }

    /** @return what {@code --journal-key} says, null when it is not given */
    final String journalKey() {
        return journalKey;
    }

    /** @return whether errors should come with stack traces */
    final boolean verbose() {
        return verbose;
    }

    /**
     * @param args a command line
     * @return whether it only asks for the help or the version of {@code ferry} itself, which
     *     {@link #helpAndVersion} answers
     */
    static boolean asksOnlyHelpOrVersion(String... args) {
        long help = Arrays.stream(args).filter(HELP::contains).count();
        long version = Arrays.stream(args).filter(VERSION::contains).count();
        // An option given twice is an error, which Main reports as it reports every other.
        return args.length > 0 && help <= 1 && version <= 1 && help + version == args.length;
    }

    /**
     * @return a command line that prints {@code ferry}'s help and version as {@link Main}'s does:
     *     this command, with each subcommand reduced to what the help lists of it, its name and
     *     description, read from its {@link Command} annotation
     */
    static CommandLine helpAndVersion() {
        CommandLine.IFactory factory = CommandLine.defaultFactory();
        CommandLine commandLine = new CommandLine(new FerryCommand(), factory);
        for (Class<?> subcommand : Main.class.getAnnotation(Command.class).subcommands()) {
            CommandSpec described = CommandSpec.create();
            described.updateCommandAttributes(subcommand.getAnnotation(Command.class), factory);
            commandLine.addSubcommand(described.name(), described, described.aliases());
        }
        return commandLine;
    }
}
