package io.ferry.cli.terminal;

import java.util.Locale;

/**
 * The one escaping of text shown to a person. Each character that a terminal would act on rather
 * than show is replaced by a visible escape, so that a key holding {@code ESC[31m}, a line break or
 * a right-to-left override is printed as those characters, never obeyed:
 *
 * <ul>
 *   <li>{@code \n}, {@code \r} and {@code \t} for line feed, carriage return and tab;</li>
 *   <li>{@code \xHH} for the other C0 controls (U+0000-U+001F) and DEL (U+007F), as {@code \x1b} for ESC;</li>
 *   <li><code>&#92;uHHHH</code> for the C1 controls (U+0080-U+009F), the bidirectional formatting characters
 *       (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators
 *       (U+2028, U+2029);</li>
 *   <li>{@code \\} for a backslash, so that every backslash shown starts an escape and the escaped
 *       form of a name is never the same as another name's.</li>
 * </ul>
 *
 * Everything else, including all other non-ASCII text, is shown as it is.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * @param text any text, possibly null
     * @return the text with every character a terminal would act on escaped; the text itself when
     *     there is none; {@code "null"} for null, as a {@link java.io.PrintWriter} prints it
     */
    public static String escape(CharSequence text) {
        return escape(text, false);
    }

    /**
     * @param text any text, possibly null
     * @param keepLineFeeds whether a line feed stays a line break, for text a script prints itself
     * @return the escaped text
     */
    static String escape(CharSequence text, boolean keepLineFeeds) {
        if (text == null) {
            return "null";
        }
        String s = text.toString();
        int first = firstToEscape(s, keepLineFeeds);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (needsEscape(c) && !(keepLineFeeds && c == '\n')) {
                appendEscape(out, c);
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /**
     * @param codePoint a character
     * @return whether {@link #escape} replaces it
     */
    public static boolean needsEscape(int codePoint) {
        return codePoint < 0x20 || codePoint == '\\' || (codePoint >= 0x7f && codePoint <= 0x9f)
                || codePoint == 0x061c || codePoint == 0x200e || codePoint == 0x200f
                || (codePoint >= 0x2028 && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }

    private static int firstToEscape(String s, boolean keepLineFeeds) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (needsEscape(c) && !(keepLineFeeds && c == '\n')) {
                return i;
            }
        }
        return -1;
    }

    private static void appendEscape(StringBuilder out, int c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            default -> out.append(c <= 0x7f ? String.format(Locale.ROOT, "\\x%02x", c) : String.format(Locale.ROOT, "\\u%04x", c));
        }
    }
}
