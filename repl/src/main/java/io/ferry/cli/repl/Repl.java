package io.ferry.cli.repl;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.ferry.api.FerryException;
import io.ferry.cli.Host;
import io.ferry.internal.Redactor;
import io.ferry.spi.ProviderRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * {@code ferry repl}: a shell that evaluates Groovy, line by line, with one binding kept between
 * lines, and {@code :commands} that run the CLI's own commands. A line's result is printed with
 * its {@code toString}, which masks values; only {@code reveal(record)} prints one, and a line
 * that reveals or writes a value is not kept in the history. A failing line prints one error line
 * and leaves the shell and its variables as they were. Ctrl-C clears the line; Ctrl-D or
 * {@code :quit} leaves.
 */
public final class Repl {

    /** Overrides where the history is kept, {@code ~/.ferry/repl_history} by default. */
    public static final String HISTORY_VARIABLE = "FERRY_REPL_HISTORY";

    private static final String PROMPT = "ferry> ";
    private static final String CONTINUATION = "  ...> ";
    private static final List<String> OWN_COMMANDS = List.of("help", "quit", "exit");

    private final Terminal terminal;
    private final Path historyFile;
    private final Host host;
    private final Commands commands;

    /**
     * @param terminal the terminal to read from and print to
     * @param historyFile where the history is kept between sessions
     * @param host the working directory, environment and prompts for the stores and commands
     * @param commands the CLI commands, for {@code :run}, {@code :plan} and the others
     */
    public Repl(Terminal terminal, Path historyFile, Host host, Commands commands) {
        this.terminal = terminal;
        this.historyFile = historyFile;
        this.host = host;
        this.commands = commands;
    }

    /**
     * @param environment the environment variables
     * @return the history file: {@value #HISTORY_VARIABLE} if set, else {@code ~/.ferry/repl_history}
     */
    public static Path historyFile(Map<String, String> environment) {
        String configured = environment.get(HISTORY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".ferry", "repl_history");
    }

    /**
     * Reads and evaluates lines until {@code :quit} or the end of input.
     *
     * @return the exit code, 0
     */
    public int run() {
        prepareHistoryFile();
        MaskingHistory history = new MaskingHistory();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ferry")
                .parser(new GroovyLineParser())
                .history(history)
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                // '!' is Groovy's not, never a history event to expand.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        PrintWriter screen = terminal.writer();
        try (ReplSession session = new ReplSession(host, commands, screen)) {
            Evaluator groovy = new Evaluator(session);
            session.out().println("Ferry REPL: Groovy with the engine bound in; :help for help, :quit or Ctrl-D to leave.");
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String trimmed = line.strip();
                if (trimmed.startsWith(":")) {
                    if (!colonCommand(trimmed.substring(1), session)) {
                        break;
                    }
                } else if (!trimmed.isEmpty()) {
                    groovy.evaluate(line);
                }
            }
        } finally {
            saveHistory(history, screen);
        }
        return 0;
    }

    /** The history can hold the names of secrets and stores: only its owner may read it. */
    private void prepareHistoryFile() {
        try {
            Path parent = historyFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(historyFile)) {
                Files.createFile(historyFile);
                if (Files.getFileStore(historyFile).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(historyFile, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the REPL history file " + historyFile
                    + "; set " + HISTORY_VARIABLE + " to a writable path", e);
        }
    }

    private void saveHistory(MaskingHistory history, PrintWriter screen) {
        try {
            history.save();
        } catch (IOException e) {
            screen.println("warning: could not save the history to " + historyFile + ": " + e.getMessage());
            screen.flush();
        }
    }

    /** @return false when the shell should end */
    private boolean colonCommand(String text, ReplSession session) {
        List<String> words = words(text);
        PrintWriter out = session.out();
        if (words.isEmpty()) {
            out.println("error: a command is missing after ':'; see :help");
            return true;
        }
        String name = words.get(0);
        switch (name) {
            case "quit", "exit" -> {
                return false;
            }
            case "help" -> help(out);
            default -> {
                List<String> known = commandNames();
                if (known.contains(name)) {
                    session.command(words);
                } else {
                    String nearest = ProviderRegistry.nearest(name, known);
                    out.println("error: unknown command ':" + name + "'"
                            + (nearest == null ? "" : " (did you mean ':" + nearest + "'?)") + "; see :help");
                }
            }
        }
        out.flush();
        return true;
    }

    /** The shell cannot open a shell inside itself. */
    private List<String> commandNames() {
        List<String> names = new ArrayList<>(OWN_COMMANDS);
        commands.names().stream().filter(n -> !n.equals("repl")).forEach(names::add);
        return names;
    }

    private void help(PrintWriter out) {
        out.println("Groovy, one line at a time; variables assigned without 'def' are kept between lines.");
        out.println("An open bracket, brace or parenthesis continues the input on the next line.");
        out.println("  s = open('local:secrets.db')   open a store (also provider(uri))");
        out.println("  s.ls() / s.ls('app/')          list keys; returns them");
        out.println("  rec = s.get('app/db')          read a record; its value prints masked");
        out.println("  reveal(rec)                    print the value (the line is not kept in the history)");
        out.println("  s.put('app/db', 'new value')   write a value (the line is not kept in the history)");
        out.println("  diff(a, b)                     compare two stores or URIs");
        out.println("  rb = load('V1__copy.groovy')   read a runbook; then plan(rb), run(rb)");
        out.println("  runs()                         the runs in the state store");
        out.println("Commands:");
        out.println("  :help  :quit  :runs  :show RUN  :ls URI [PREFIX]  and every ferry command as");
        out.println("  :COMMAND ARGS, for example :plan V1__copy.groovy or :run V1__copy.groovy --yes");
        out.println("  (" + String.join(", ", commands.names().stream().filter(n -> !n.equals("repl")).toList()) + ")");
    }

    /** Splits a command line on white space, keeping quoted words (single or double quotes) whole. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** One Groovy shell and binding for the whole session, so that variables outlive their line. */
    private static final class Evaluator {

        private final ReplSession session;
        private final GroovyShell shell;

        Evaluator(ReplSession session) {
            this.session = session;
            CompilerConfiguration config = new CompilerConfiguration();
            config.setScriptBaseClass(ReplScript.class.getName());
            ImportCustomizer imports = new ImportCustomizer();
            imports.addStarImports("io.ferry.secret", "io.ferry.runbook");
            config.addCompilationCustomizers(imports);
            Binding binding = new Binding();
            binding.setVariable("out", session.out());
            this.shell = new GroovyShell(Repl.class.getClassLoader(), binding, config);
        }

        void evaluate(String code) {
            PrintWriter out = session.out();
            try {
                Script script = shell.parse(code);
                ((ReplScript) script).session(session);
                Object result = script.run();
                if (result != null) {
                    out.println(session.isValue(result) ? "*** (a secret value; reveal(record) prints it)"
                            : Redactor.scrub(String.valueOf(result), session.seen()));
                }
            } catch (CompilationFailedException e) {
                out.println("error: " + syntaxError(e));
            } catch (MissingPropertyException e) {
                out.println("error: " + unknownName(e));
            } catch (FerryException e) {
                out.println("error: " + Redactor.scrub(firstLine(e.getMessage()), session.seen()));
            } catch (Exception | StackOverflowError | AssertionError e) {
                out.println("error: " + Redactor.describe(e, session.seen()));
            }
            out.flush();
        }

        /** An unknown name in a line is most often a variable not assigned yet, or assigned with 'def'. */
        private static String unknownName(MissingPropertyException e) {
            if (e.getType() != null && Script.class.isAssignableFrom(e.getType())) {
                return "no variable '" + e.getProperty() + "'; assign it first, without 'def': "
                        + e.getProperty() + " = ...";
            }
            return firstLine(e.getMessage());
        }

        private static String syntaxError(CompilationFailedException e) {
            if (e instanceof MultipleCompilationErrorsException multiple && multiple.getErrorCollector().getErrorCount() > 0) {
                Message first = multiple.getErrorCollector().getError(0);
                if (first instanceof SyntaxErrorMessage syntax) {
                    SyntaxException cause = syntax.getCause();
                    return firstLine(cause.getOriginalMessage()) + " (line " + cause.getLine() + ", column "
                            + cause.getStartColumn() + ")";
                }
            }
            return firstLine(e.getMessage().replaceFirst("^startup failed:\\s*", ""));
        }

        private static String firstLine(String message) {
            return message == null ? "" : message.lines().findFirst().orElse("").strip();
        }
    }
}
