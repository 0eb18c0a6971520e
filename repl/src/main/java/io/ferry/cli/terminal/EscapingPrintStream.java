package io.ferry.cli.terminal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The process's standard error for the text Ferry does not print through a {@link TerminalWriter}:
 * the engine's log lines (a warning that names a key) and the stack trace of a failure no command
 * caught. Text printed is escaped ({@link TerminalText}), but for the tabs a stack trace indents
 * its frames with; the line ends of {@code println} stay line ends. Bytes written as bytes pass as
 * they are: they come from writers that escape on their own, such as the CLI's.
 */
public final class EscapingPrintStream extends PrintStream {

    /**
     * @param terminal the stream to print to
     * @param charset how text becomes bytes there
     */
    public EscapingPrintStream(OutputStream terminal, Charset charset) {
        super(terminal, true, charset);
    }

    @Override
    public void print(String text) {
        String s = String.valueOf(text);
        int indent = 0;
        while (indent < s.length() && s.charAt(indent) == '\t') {
            indent++;
        }
        super.print(s.substring(0, indent) + TerminalText.escape(s.substring(indent)));
    }

    @Override
    public void print(Object o) {
        print(String.valueOf(o));
    }

    @Override
    public void print(char[] chars) {
        print(new String(chars));
    }

    @Override
    public void print(char c) {
        print(String.valueOf(c));
    }

    @Override
    public void println(String text) {
        synchronized (this) {
            print(text);
            println();
        }
    }

    @Override
    public void println(Object o) {
        println(String.valueOf(o));
    }

    @Override
    public void println(char[] chars) {
        println(new String(chars));
    }

    @Override
    public void println(char c) {
        println(String.valueOf(c));
    }
}
