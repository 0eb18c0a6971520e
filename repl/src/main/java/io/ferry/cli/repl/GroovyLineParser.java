package io.ferry.cli.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine when a Groovy line is not finished: while a brace, bracket or parenthesis is open,
 * or a string or block comment is, pressing Enter continues the input on a new line instead of
 * evaluating it, so that a closure or a map can be typed over several lines. Brackets inside
 * strings and comments do not count. Words are split on white space, and nothing is unescaped:
 * the line reaches Groovy exactly as typed.
 */
final class GroovyLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE) {
            String missing = missing(line);
            if (missing != null) {
                throw new EOFError(-1, cursor, "unfinished input", missing);
            }
        }
        return words(line, cursor);
    }

    /** JLine must not treat a backslash as its own escape: Groovy gives it its meaning. */
    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /**
     * @param text one or more lines of Groovy
     * @return what would close it (such as {@code "}"} or {@code "'''"}), or null when it is complete
     */
    static String missing(String text) {
        StringBuilder open = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (text.startsWith("'''", i) || text.startsWith("\"\"\"", i)) {
                String quote = text.substring(i, i + 3);
                int end = closing(text, quote, i + 3);
                if (end < 0) {
                    return quote;
                }
                i = end + 3;
            } else if (c == '\'' || c == '"') {
                // A one-line string left open ends with its line: that is Groovy's error to report.
                i = closing(text, String.valueOf(c), i + 1) + 1;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return "*/";
                }
                i = end + 2;
            } else {
                if (c == '{' || c == '[' || c == '(') {
                    open.append(c);
                } else if ((c == '}' || c == ']' || c == ')') && !open.isEmpty()) {
                    // A stray closing bracket is Groovy's error to report, not a reason to wait for more.
                    open.setLength(open.length() - 1);
                }
                i++;
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        char last = open.charAt(open.length() - 1);
        return last == '{' ? "}" : last == '[' ? "]" : ")";
    }

    /**
     * @return the index of the quote that closes a string starting at {@code from}, skipping escaped
     *     characters; for a one-line string left open, the end of its line; for a multi-line one, -1
     */
    private static int closing(String text, String quote, int from) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(quote, i)) {
                return i;
            } else if (quote.length() == 1 && text.charAt(i) == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return quote.length() == 1 ? text.length() : -1;
    }

    private static ParsedLine words(String line, int cursor) {
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean blank = i == line.length() || Character.isWhitespace(line.charAt(i));
            if (!blank && start < 0) {
                start = i;
            }
            if (blank && start >= 0) {
                if (cursor >= start && cursor <= i) {
                    wordIndex = words.size();
                    wordCursor = cursor - start;
                }
                words.add(line.substring(start, i));
                start = -1;
            }
        }
        if (wordIndex < 0) {
            wordIndex = words.size();
            words.add("");
        }
        return new Words(line, cursor, List.copyOf(words), wordIndex, wordCursor);
    }

    /** Words are never quoted or escaped here, so their raw form is their form. */
    private record Words(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
            implements CompletingParsedLine {

        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
