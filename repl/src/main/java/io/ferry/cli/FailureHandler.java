package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.dsl.RunbookException;
import io.ferry.internal.Failures;
import io.ferry.spi.ProviderRegistry;
import io.ferry.state.UnknownRunException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a failed command into one line on standard error, {@code ferry: <message>}, escaped for a
 * terminal ({@link TerminalWriter}), and an exit code: a {@link FerryException}'s own, 2 for a wrong
 * command line or argument (an unknown run id among them), 6 for anything else (a store, a file, the
 * state store). The line never quotes a message that may hold a value (see {@link Failures}): of a
 * failure raised by someone else's code it names the type and the runbook location. Stack traces
 * only with {@code --verbose}, and they follow the same rule. A wrong
 * command line gets a suggestion and a pointer to the help rather than the whole usage text. A
 * broken runbook gets one line per problem, {@code file:line:column: message}, so that all of them
 * can be fixed in one go.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    private final Main main;

    FailureHandler(Main main) {
        this.main = main;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        TerminalWriter err = TerminalWriter.of(commandLine.getErr());
        if (ex.getCause() instanceof RunbookException broken) {
            broken.problems().forEach(problem -> err.println("ferry: " + problem));
        } else {
            err.println("ferry: " + oneLine(ex));
        }
        if (main.verbose()) {
            printStackTrace(ex, err);
        }
        err.flush();
        return getExitCode(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        TerminalWriter err = TerminalWriter.of(commandLine.getErr());
        err.println("ferry: " + usageProblem(ex) + "; see: " + commandLine.getCommandSpec().qualifiedName() + " --help");
        if (main.verbose()) {
            printStackTrace(ex, err);
        }
        err.flush();
        return getExitCode(ex);
    }

    private static String usageProblem(ParameterException ex) {
        CommandLine commandLine = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> words = unmatched.getUnmatched();
            if (!unmatched.isUnknownOption() && !commandLine.getSubcommands().isEmpty() && !words.isEmpty()) {
                List<String> commands = List.copyOf(commandLine.getSubcommands().keySet());
                String nearest = ProviderRegistry.nearest(words.get(0), commands);
                return "unknown command '" + words.get(0) + "'"
                        + (nearest == null ? "" : " (did you mean 'ferry " + nearest + "'?)")
                        + "; the commands are: " + String.join(", ", commands);
            }
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                return commandLineProblem(ex) + " (did you mean '" + suggestions.get(0) + "'?)";
            }
        }
        return commandLineProblem(ex);
    }

    /**
     * A stack trace as {@link Failures#printStackTrace} gives it (no message that may hold a value),
     * its lines escaped but for the tabs Java indents its frames with.
     */
    private static void printStackTrace(Throwable ex, TerminalWriter err) {
        Failures.stackTrace(ex).lines().forEach(line -> {
            String frame = line.stripLeading();
            err.writeControl(line.substring(0, line.length() - frame.length()).replaceAll("[^\t]", " "));
            err.println(frame);
        });
    }

    @Override
    public int getExitCode(Throwable failure) {
        return exitCodeOf(failure);
    }

    /**
     * @param failure what ended a command, or a sync pass
     * @return its documented exit code: a {@link FerryException}'s own, 2 for a wrong command line or
     *     option, 6 for a store, file or key that could not be used
     */
    static int exitCodeOf(Throwable failure) {
        if (failure instanceof FerryException fe) {
            return fe.exitCode().code();
        }
        if (failure instanceof ParameterException || failure instanceof IllegalArgumentException
                || failure instanceof UnknownRunException) {
            return ExitCode.USAGE.code();
        }
        return ExitCode.ENVIRONMENT.code();
    }

    /**
     * Engine and adapter messages are written for the user: the first line says it; the type stands in
     * for none. Any other message is withheld, as it may hold a value. Ferry's own messages (a
     * {@link FerryException}, a store's {@code ProviderException}) are one line by construction, so a
     * line break in one belongs to a key or a name in it and is kept, to be shown escaped, rather than
     * cut the message short.
     */
    static String oneLine(Throwable failure) {
        if (Failures.valueFree(failure) && failure.getMessage() != null && !failure.getMessage().isBlank()) {
            return failure.getMessage().strip();
        }
        return Failures.message(failure);
    }

    /** Picocli's own words about the command line, which holds no value: values come from standard input. */
    private static String commandLineProblem(ParameterException ex) {
        String message = ex.getMessage();
        String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? ex.getClass().getSimpleName() : first;
    }
}
