package io.ferry.cli.terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where the CLI and the REPL print for a person: everything printed is escaped with
 * {@link TerminalText#escape}, and only the line ends of {@code println} and of a format's
 * trailing {@code %n}, and the control sequences Ferry composes itself ({@link #writeControl}), reach
 * the terminal as they are. A key with a line break in it therefore shows as one line with
 * {@code \n} in it, wherever it is printed. Standard JSON output ({@link #unescaped}) and a revealed
 * value bypass the escaping: JSON escapes on its own, and a revealed value is meant byte for byte.
 *
 * <p>A filter (the REPL's masking of values) can be put before the escaping, so that it sees the
 * text as it is, not its escaped form.
 */
public final class TerminalWriter extends PrintWriter {

    private final Writer terminal;
    private final UnaryOperator<Writer> filter;
    private final boolean keepLineFeeds;
    private PrintWriter unescaped;

    /**
     * @param terminal where the escaped text goes; flushed after every line, never closed here
     */
    public TerminalWriter(Writer terminal) {
        this(terminal, UnaryOperator.identity(), false);
    }

    /**
     * @param terminal where the escaped text goes; flushed after every line, never closed here
     * @param filter given the escaping writer, returns the writer text goes through first
     */
    public TerminalWriter(Writer terminal, UnaryOperator<Writer> filter) {
        this(terminal, filter, false);
    }

    private TerminalWriter(Writer terminal, UnaryOperator<Writer> filter, boolean keepLineFeeds) {
        super(filter.apply(new Escaping(terminal, keepLineFeeds)));
        this.terminal = terminal;
        this.filter = filter;
        this.keepLineFeeds = keepLineFeeds;
    }

    /**
     * @param out a writer to a terminal or a capture of one
     * @return the writer itself when it escapes already, otherwise an escaping writer over it
     */
    public static TerminalWriter of(PrintWriter out) {
        return out instanceof TerminalWriter escaping ? escaping : new TerminalWriter(out);
    }

    /**
     * @param out a writer, escaping or not
     * @return a writer to the same place that does not escape, for a document in a format that
     *     escapes on its own (JSON) or a value revealed on purpose
     */
    public static PrintWriter unescaped(PrintWriter out) {
        return out instanceof TerminalWriter escaping ? escaping.unescaped() : out;
    }

    /**
     * @return a writer to the same terminal, through the same filter, that keeps line feeds as line
     *     breaks and escapes every other control character: for what a script prints itself, whose
     *     lines are its own
     */
    public TerminalWriter keepingLineFeeds() {
        return keepLineFeeds ? this : new TerminalWriter(terminal, filter, true);
    }

    private PrintWriter unescaped() {
        synchronized (lock) {
            flushText();
            if (unescaped == null) {
                unescaped = new PrintWriter(terminal, true);
            }
            return unescaped;
        }
    }

    /**
     * Writes a control sequence that Ferry composed itself, such as a colour or the carriage return
     * that redraws a progress bar, as it is.
     *
     * @param sequence the control sequence; never text that came from a store, a runbook or a user
     */
    public void writeControl(String sequence) {
        synchronized (lock) {
            flushText();
            raw(sequence);
        }
    }

    @Override
    public void println() {
        synchronized (lock) {
            flushText();
            raw(System.lineSeparator());
            flushTerminal();
        }
    }

    @Override
    public void flush() {
        synchronized (lock) {
            flushText();
            flushTerminal();
        }
    }

    /** Pushes what the filter may hold on through the escaping, so that what follows comes after it. */
    private void flushText() {
        super.flush();
        if (out instanceof HeldText filter) {
            try {
                filter.release();
            } catch (IOException e) {
                setError();
            }
        }
    }

    /**
     * @param terminal where the escaped text goes
     * @param keepLineFeeds whether line feeds stay line breaks (for what a script prints itself)
     * @return a writer that escapes all it is given as a {@code TerminalWriter} does, with no line
     *     ends of its own: for a stream of text, such as a script's {@code System.out}
     */
    public static Writer escaping(Writer terminal, boolean keepLineFeeds) {
        return new Escaping(terminal, keepLineFeeds);
    }

    private void flushTerminal() {
        try {
            terminal.flush();
        } catch (IOException e) {
            setError();
        }
    }

    /** Escapes the arguments with the text; a trailing {@code %n} stays a line end. */
    @Override
    public PrintWriter printf(String format, Object... args) {
        return format(format, args);
    }

    /** Escapes the arguments with the text; a trailing {@code %n} stays a line end. */
    @Override
    public PrintWriter printf(Locale locale, String format, Object... args) {
        return format(locale, format, args);
    }

    /** Escapes the arguments with the text; a trailing {@code %n} stays a line end. */
    @Override
    public PrintWriter format(String format, Object... args) {
        return format(Locale.getDefault(Locale.Category.FORMAT), format, args);
    }

    /** Escapes the arguments with the text; a trailing {@code %n} stays a line end. */
    @Override
    public PrintWriter format(Locale locale, String format, Object... args) {
        String text = String.format(locale, format, args);
        String separator = System.lineSeparator();
        synchronized (lock) {
            if (text.endsWith(separator)) {
                print(text.substring(0, text.length() - separator.length()));
                println();
            } else {
                print(text);
            }
        }
        return this;
    }

    private void raw(String text) {
        try {
            terminal.write(text);
        } catch (IOException e) {
            setError();
        }
    }

    /**
     * Escapes what passes through it on the way to the terminal. It holds nothing back, so flushing it
     * is left to the {@link TerminalWriter}, which flushes the terminal once per line; it never
     * closes the terminal, which belongs to the caller.
     */
    private static final class Escaping extends Writer {

        private final Writer terminal;
        private final boolean keepLineFeeds;

        Escaping(Writer terminal, boolean keepLineFeeds) {
            super(terminal);
            this.terminal = terminal;
            this.keepLineFeeds = keepLineFeeds;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            terminal.write(TerminalText.escape(new String(chars, off, len), keepLineFeeds));
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            terminal.write(TerminalText.escape(text.substring(off, off + len), keepLineFeeds));
        }

        @Override
        public void flush() {
            // Nothing is held here.
        }

        @Override
        public void close() {
            // The terminal belongs to the caller.
        }
    }
}
