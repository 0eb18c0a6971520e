package io.ferry.cli.repl;

import java.time.Instant;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The REPL's history, which never keeps a line that handled a secret value: a line that reveals
 * one ({@code reveal(...)}, {@code :get ... --reveal}) or writes one ({@code put(...)},
 * {@code :put}) is kept as a placeholder, both in memory (so the up arrow cannot bring it back)
 * and in the history file. The whole line goes, not only its string literals, because a value can
 * as well be a variable, a concatenation or a number.
 */
final class MaskingHistory extends DefaultHistory {

    /** What is kept in place of a line that handled a value. */
    static final String PLACEHOLDER = "// line not kept: it handled a secret value";

    private static final Pattern HANDLES_VALUE = Pattern.compile(
            "\\b(reveal|put)\\s*[(\\s'\"]|^\\s*:put\\b|^\\s*:get\\b.*--reveal\\b", Pattern.DOTALL);

    @Override
    public void add(Instant time, String line) {
        super.add(time, handlesValue(line) ? PLACEHOLDER : line);
    }

    /**
     * @param line a line as typed
     * @return whether it reveals or writes a value
     */
    static boolean handlesValue(String line) {
        return HANDLES_VALUE.matcher(line).find();
    }
}
