package io.ferry.cli.repl;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ferry.secret.SecretValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values a shell has read or written, as the texts its output filter looks for: each value as
 * it is and in the encodings it is commonly printed in (JSON-escaped, base64, hex, URL-encoded).
 *
 * <p>Values shorter than {@link #NETTED_LENGTH} characters are not looked for: text as short as
 * {@code 123} or {@code api} turns up everywhere ({@code 12345 is not secret},
 * {@code svc/api/token}), and masking it there would hide what a person needs to read. Values
 * reach the shell's lines as {@link Masked} objects, which print masked whatever their length, so
 * the filter is the second net, for text that left the masked type (through a transform or the
 * engine's own API).
 *
 * <p>The texts live in a few {@link Automaton automata} of doubling sizes: a value read is added to
 * the smallest, and two of about the same size are merged into one, so each text is rebuilt into
 * a larger automaton only a logarithmic number of times and a scan steps through a logarithmic
 * number of automata, whatever the order of reads and prints.
 */
final class SeenValues {

    /** Values shorter than this, in characters, are left to the masked type. */
    static final int NETTED_LENGTH = 8;

    private final Set<String> exact = new HashSet<>();
    private final List<String> waiting = new ArrayList<>();
    private volatile List<Automaton> automata = List.of();

    /** @param value a value the shell has read or written */
    synchronized void add(SecretValue value) {
        byte[] bytes = value.bytes();
        String text = value.text();
        exact.add(text);
        if (text.length() < NETTED_LENGTH) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(text);
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(text)));
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.add(HexFormat.of().formatHex(bytes));
        forms.add(URLEncoder.encode(text, StandardCharsets.UTF_8));
        waiting.addAll(forms);
    }

    /**
     * @param text a line's whole result
     * @return whether it is exactly a value the shell has seen, however short
     */
    synchronized boolean isValue(String text) {
        return exact.contains(text);
    }

    /** @return the automata to scan with, the values added so far built into them */
    synchronized List<Automaton> automata() {
        if (waiting.isEmpty()) {
            return automata;
        }
        List<Automaton> levels = new ArrayList<>(automata);
        String[] texts = waiting.toArray(String[]::new);
        waiting.clear();
        while (!levels.isEmpty() && levels.get(levels.size() - 1).size() <= 2 * texts.length) {
            String[] smaller = levels.remove(levels.size() - 1).texts();
            String[] merged = new String[smaller.length + texts.length];
            System.arraycopy(smaller, 0, merged, 0, smaller.length);
            System.arraycopy(texts, 0, merged, smaller.length, texts.length);
            texts = merged;
        }
        levels.add(new Automaton(texts));
        automata = List.copyOf(levels);
        return automata;
    }
}
