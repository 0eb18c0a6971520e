package io.ferry.cli.repl;

import io.ferry.cli.terminal.HeldText;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's hints, spoken inside the shell: {@code continue with: ferry resume RUN} becomes
 * {@code continue with: :resume RUN}, which the shell accepts as it is. It stands in front of the
 * shell's masking filter, whose held-back text it lets out when asked; a hint is rewritten within
 * the text of one write, which is how the CLI prints its lines.
 */
final class ReplDialect extends Writer implements HeldText {

    private final ScrubbingWriter out;
    private final Pattern hint;

    /**
     * @param out the masking filter the rewritten text goes to
     * @param commands the CLI's commands, each of which the shell runs as {@code :COMMAND}
     */
    ReplDialect(ScrubbingWriter out, Collection<String> commands) {
        this.out = out;
        this.hint = hints(commands);
    }

    private static Pattern hints(Collection<String> commands) {
        return Pattern.compile("\\bferry (" + String.join("|", commands.stream().map(Pattern::quote).toList()) + ")\\b");
    }

    /**
     * @param text a message of the engine or the CLI
     * @param commands the CLI's commands
     * @return it with the hints spoken as the shell's commands
     */
    static String spoken(String text, Collection<String> commands) {
        return text == null ? null : hints(commands).matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(":" + m.group(1)));
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        write(new String(chars, off, len));
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        String chunk = text.substring(off, off + len);
        out.write(hint.matcher(chunk).replaceAll(m -> Matcher.quoteReplacement(":" + m.group(1))));
    }

    @Override
    public void release() throws IOException {
        out.release();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
