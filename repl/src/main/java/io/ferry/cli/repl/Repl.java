package io.ferry.cli.repl;

import io.ferry.cli.host.Host;
import io.ferry.cli.terminal.OpenLine;
import io.ferry.files.FerryHome;
import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

/**
 * {@code ferry repl}: a shell that evaluates Groovy (or, after {@code :java}, Java), line by line,
 * with one set of variables kept between lines, and {@code :commands} that run the shell's own
 * commands and the CLI's. Values come out of the stores {@link Masked}, and whatever a line makes
 * of one is masked too; only {@code reveal(x)} prints one, and a line that reveals or writes a
 * value is not kept in the history. Everything printed, {@code System.out} and
 * {@code System.err} included while the shell runs, passes through its output filter
 * ({@link ScrubbingWriter}). A failing line prints one error line and leaves the shell and its
 * variables as they were. Tab completes ({@link ReplCompleter}). Ctrl-C stops what a line is
 * doing, or clears the line being typed; Ctrl-D or {@code :quit} leaves.
 */
public final class Repl {

    /** Overrides where the history is kept, {@code ~/.ferry/repl_history} by default. */
    public static final String HISTORY_VARIABLE = "FERRY_REPL_HISTORY";
    /** Set, to anything, to print no colours even on a colour terminal (https://no-color.org). */
    public static final String NO_COLOR_VARIABLE = "NO_COLOR";

    private static final String GROOVY_PROMPT = "ferry> ";
    private static final String JAVA_PROMPT = "ferry java> ";
    private static final String CONTINUATION = "  ...> ";

    private final Terminal terminal;
    private final Path historyFile;
    private final Host host;
    private final Commands commands;
    private final boolean startInJava;

    /**
     * @param terminal the terminal to read from and print to
     * @param historyFile where the history is kept between sessions
     * @param host the working directory, environment and prompts for the stores and commands
     * @param commands the CLI commands, for {@code :run}, {@code :plan} and the others
     * @param startInJava whether the first lines are Java rather than Groovy
     */
    public Repl(Terminal terminal, Path historyFile, Host host, Commands commands) {
        this(terminal, historyFile, host, commands, false);
    }

    /**
     * @param terminal the terminal to read from and print to
     * @param historyFile where the history is kept between sessions
     * @param host the working directory, environment and prompts for the stores and commands
     * @param commands the CLI commands, for {@code :run}, {@code :plan} and the others
     * @param startInJava whether the first lines are Java rather than Groovy
     */
    public Repl(Terminal terminal, Path historyFile, Host host, Commands commands, boolean startInJava) {
        this.terminal = terminal;
        this.historyFile = historyFile;
        this.host = host;
        this.commands = commands;
        this.startInJava = startInJava;
    }

    /**
     * @param environment the environment variables
     * @return the history file: {@value #HISTORY_VARIABLE} if set, else {@code $HOME/.ferry/repl_history}
     */
    public static Path historyFile(Map<String, String> environment) {
        String configured = environment.get(HISTORY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return FerryHome.directory(environment).resolve("repl_history");
    }

    /**
     * Reads and evaluates lines until {@code :quit} or the end of input.
     *
     * @return the exit code, 0
     */
    public int run() {
        prepareHistoryFile();
        MaskingHistory history = new MaskingHistory();
        PrintWriter screen = terminal.writer();
        Foreground foreground = new Foreground(screen);
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> foreground.interrupt());
        try (foreground; ReplSession session = new ReplSession(host, commands.withInterrupts(foreground), screen, colour(),
                terminal::getHeight)) {
            ColonCommands colon = new ColonCommands(session, () -> lines(history));
            ReplCompleter completer = new ReplCompleter(session, colon);
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("ferry")
                    .parser(new GroovyLineParser())
                    .completer(completer)
                    .history(history)
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                    // '!' is Groovy's not, never a history event to expand.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            PrintStream stdout = System.out;
            PrintStream stderr = System.err;
            PrintStream filtered = new PrintStream(OpenLine.guarding(new TextStream(session.filter())), true,
                    StandardCharsets.UTF_8);
            System.setOut(filtered);
            System.setErr(filtered);
            try {
                loop(reader, session, colon, completer, foreground);
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
                session.endOfLine();
                saveHistory(history, screen);
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        return 0;
    }

    private void loop(LineReader reader, ReplSession session, ColonCommands colon, ReplCompleter completer, Foreground foreground) {
        GroovyEvaluator groovy = new GroovyEvaluator(session);
        foreground.prepare(groovy::warmUp);
        JavaShell java = null;
        try {
            session.out().println("Ferry REPL: Groovy with the engine bound in; :help for help, Tab completes,"
                    + " :quit or Ctrl-D to leave.");
            if (startInJava) {
                java = startJava(session);
                foreground.alsoStopWith(java == null ? () -> { } : java::stop);
                completer.javaMode(java);
            }
            while (true) {
                String line;
                try {
                    line = reader.readLine(java == null ? GROOVY_PROMPT : JAVA_PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                String trimmed = line.strip();
                if (trimmed.startsWith(":")) {
                    ColonCommands.Next[] next = {ColonCommands.Next.CONTINUE};
                    foreground.run(() -> next[0] = colonCommand(colon, trimmed.substring(1), session));
                    session.endOfLine();
                    switch (next[0]) {
                        case QUIT -> {
                            return;
                        }
                        case JAVA -> {
                            java = java != null ? java : startJava(session);
                            foreground.alsoStopWith(java == null ? () -> { } : java::stop);
                            completer.javaMode(java);
                        }
                        case GROOVY -> {
                            if (java != null) {
                                java.close();
                                java = null;
                                foreground.alsoStopWith(() -> { });
                                completer.javaMode(null);
                                session.out().println("Groovy again; the Java session's variables are gone");
                            }
                        }
                        default -> { }
                    }
                } else if (!trimmed.isEmpty()) {
                    JavaShell current = java;
                    foreground.run(() -> {
                        if (current == null) {
                            groovy.evaluate(line);
                        } else {
                            current.evaluate(line);
                        }
                    });
                    session.endOfLine();
                }
            }
        } finally {
            if (java != null) {
                java.close();
            }
        }
    }

    private static JavaShell startJava(ReplSession session) {
        try {
            JavaShell java = JavaShell.start(session);
            session.out().println("Java (JShell), with the engine on the class path: ferry (the engine), open(uri), reveal(rec);"
                    + " :groovy to go back");
            return java;
        } catch (RuntimeException | LinkageError e) {
            session.out().println("error: cannot start JShell (" + GroovyEvaluator.describe(e, session)
                    + "); :java needs a JDK with the jdk.jshell module");
            return null;
        } finally {
            session.out().flush();
        }
    }

    private static ColonCommands.Next colonCommand(ColonCommands colon, String text, ReplSession session) {
        try {
            return colon.execute(words(text));
        } catch (RuntimeException e) {
            session.out().println("error: " + GroovyEvaluator.describe(e, session));
            session.out().flush();
            return ColonCommands.Next.CONTINUE;
        }
    }

    private static List<String> lines(MaskingHistory history) {
        List<String> lines = new ArrayList<>();
        history.forEach(entry -> lines.add(entry.line()));
        return lines;
    }

    /** Colours on a terminal that has them, unless NO_COLOR says otherwise; never on a dumb one. */
    private boolean colour() {
        Integer colours = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        String noColour = host.environment().get(NO_COLOR_VARIABLE);
        return colours != null && colours >= 8 && !terminal.getType().startsWith(Terminal.TYPE_DUMB)
                && (noColour == null || noColour.isEmpty());
    }

    /** The history can hold the names of secrets and stores: only its owner may read it. */
    private void prepareHistoryFile() {
        try {
            PrivateFiles.createFileIfMissing(historyFile);
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
}
