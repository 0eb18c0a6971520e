package io.ferry.cli.repl;

import io.ferry.cli.terminal.HeldText;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the shell prints passes through here: its results, {@code println} in Groovy,
 * {@code System.out} and {@code System.err} in Groovy and Java, and what runbooks and transforms
 * print while run from the shell. It masks, as {@code ***}, every value the shell has seen, in
 * each encoding {@link SeenValues} lists, including a value printed in pieces by separate writes.
 *
 * <p>The cost is proportional to the text printed: each character steps through the automata of
 * {@link SeenValues}, never through the values one by one. The characters that could still be the
 * start of a value are held back until the next character settles it, or until {@link #drain()}
 * at the end of each line the shell evaluates, which lets them out and starts afresh (so a value
 * is found across the writes of one line, not across lines). In front of a
 * {@link io.ferry.cli.terminal.TerminalWriter} it sits before the escaping, so that it sees text as
 * it is, and lets out what it holds whenever that writer ends a line of its own.
 */
final class ScrubbingWriter extends Writer implements HeldText {

    static final String MASK = "***";

    private final Writer out;
    private final SeenValues values;
    private final StringBuilder held = new StringBuilder();
    private List<Automaton> automata = List.of();
    private int[] states = new int[0];
    /** Where, counted from the start of {@link #held}, the part to mask starts; -1 for none. */
    private int maskFrom = -1;
    /** Where, counted from the start of {@link #held}, the part to mask ends. */
    private int maskTo;

    ScrubbingWriter(Writer out, SeenValues values) {
        super(out);
        this.out = out;
        this.values = values;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        synchronized (lock) {
            refresh();
            for (int i = off; i < off + len; i++) {
                step(chars[i]);
            }
            release(holdBack());
        }
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        synchronized (lock) {
            refresh();
            for (int i = off; i < off + len; i++) {
                step(text.charAt(i));
            }
            release(holdBack());
        }
    }

    @Override
    public void write(int c) throws IOException {
        write(new char[] {(char) c}, 0, 1);
    }

    /** Automata built since the last write take over from the state of the root. */
    private void refresh() throws IOException {
        List<Automaton> current = values.automata();
        if (current != automata) {
            release(0);
            automata = current;
            states = new int[current.size()];
        }
    }

    private void step(char c) throws IOException {
        held.append(c);
        int found = 0;
        for (int i = 0; i < states.length; i++) {
            states[i] = automata.get(i).next(states[i], c);
            found = Math.max(found, automata.get(i).found(states[i]));
        }
        if (found == 0) {
            return;
        }
        // A value that overlaps one already let out masked is masked from what is still held.
        int from = Math.max(0, held.length() - found);
        if (maskFrom >= 0 && from > maskTo) {
            // One part to mask at a time: the one before goes out first, with what lies between.
            release(held.length() - from);
            from = 0;
        }
        maskFrom = maskFrom >= 0 ? Math.min(maskFrom, from) : from;
        maskTo = held.length();
    }

    /** @return how many of the last characters held could still begin a value */
    private int holdBack() {
        int deepest = 0;
        for (int i = 0; i < states.length; i++) {
            deepest = Math.max(deepest, automata.get(i).depth(states[i]));
        }
        return deepest;
    }

    /** Writes all but the last {@code keep} characters held, masked; a masked part goes out whole. */
    private void release(int keep) throws IOException {
        int upTo = Math.max(0, held.length() - keep);
        if (maskFrom >= 0 && maskFrom < upTo) {
            out.append(held, 0, maskFrom);
            out.write(MASK);
            upTo = Math.max(upTo, maskTo);
            out.append(held, maskTo, upTo);
            maskFrom = -1;
        } else {
            out.append(held, 0, upTo);
        }
        held.delete(0, upTo);
        if (maskFrom >= 0) {
            maskFrom -= upTo;
            maskTo -= upTo;
        }
        if (keep == 0) {
            Arrays.fill(states, Automaton.ROOT);
        }
    }

    /** Lets out what is held back, starting afresh; the shell calls it when a line has ended. */
    void drain() throws IOException {
        synchronized (lock) {
            release(0);
            out.flush();
        }
    }

    /** Passes on what has been let out; what could still be a value stays held until {@link #drain()}. */
    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            out.flush();
        }
    }

    /** Lets out what is held back before the writer in front writes a line end of its own. */
    @Override
    public void release() throws IOException {
        drain();
    }

    @Override
    public void close() throws IOException {
        drain();
    }
}
