package io.ferry.provider.file;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import io.ferry.spi.ProviderException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dotenv file: one {@code NAME=value} per line, as Docker Compose, direnv and the dotenv libraries
 * read it.
 *
 * <p>Read: blank lines and lines starting with {@code #} are skipped; {@code export } before a name
 * is allowed; spaces around {@code =} are ignored. A value is unquoted (up to the end of the line or
 * to a {@code #} after a space, trailing spaces trimmed), single-quoted (literal, on one line), or
 * double-quoted, where {@code \n}, {@code \r}, {@code \t}, {@code \"} and {@code \\} are escapes, any
 * other backslash is kept as it is, and the value may run over several lines. After a closing quote
 * only spaces and a comment may follow. Variables ({@code ${OTHER}}) are not expanded.
 *
 * <p>Written: {@code NAME=value} unquoted where the value is made of letters, digits and
 * {@code _-.,:/@+=%}, otherwise double-quoted with those escapes. A name is a letter or {@code _}
 * followed by letters, digits, {@code _}, {@code .} and {@code -}; values are UTF-8 text with no
 * control characters but tab, line feed and carriage return.
 */
final class DotenvFormat implements FileFormat {

    private static final String NAME = "dotenv";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_\\-.,:/@+=%]+");

    private final Constraints constraints = new Constraints("dotenv file", KEY,
            "a letter or _, then letters, digits, _, . and -", 4096, 16 * 1024 * 1024, Integer.MAX_VALUE, 1024, 4096,
            true, false, NameCharacters.of("[A-Za-z0-9_.-]", "ASCII letters, digits, _, . and -"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    @Override
    public List<String> violations(SecretRecord record) {
        if (!record.value().isUtf8()) {
            return List.of("value is not UTF-8 text, and a dotenv file holds only text; encode it first, or write it "
                    + "to a Kubernetes manifest (format=k8s)");
        }
        String text = record.value().text();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return List.of("value holds a control character (U+" + String.format("%04X", (int) c)
                        + ") that a dotenv file has no escape for; write it to a JSON or properties file instead");
            }
        }
        return List.of();
    }

    @Override
    public Entry entry(SecretRecord record, int line) {
        return Entry.text(record.key(), record.value().text(), line);
    }

    @Override
    public List<Entry> read(String text, Path file) {
        return new Parser(text, file).entries();
    }

    @Override
    public String write(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Entry entry : entries) {
            out.append(entry.key()).append('=');
            String value = entry.value().text();
            if (PLAIN.matcher(value).matches()) {
                out.append(value);
            } else {
                out.append('"');
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        default -> out.append(c);
                    }
                }
                out.append('"');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Reads the file character by character, counting lines and columns for its messages. */
    private static final class Parser {
        private final String text;
        private final Path file;
        private int pos;
        private int line = 1;
        private int lineStart;

        Parser(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        List<Entry> entries() {
            List<Entry> entries = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            while (pos < text.length()) {
                skipSpaces();
                if (atLineEnd()) {
                    nextLine();
                    continue;
                }
                if (peek() == '#') {
                    skipToLineEnd();
                    nextLine();
                    continue;
                }
                int entryLine = line;
                String key = key();
                if (key.equals("export") && (peek() == ' ' || peek() == '\t')) {
                    skipSpaces();
                    key = key();
                }
                skipSpaces();
                if (peek() != '=') {
                    throw expected("'=' after the name (a line holds NAME=value)");
                }
                pos++;
                skipSpaces();
                String value = value();
                Integer first = seen.putIfAbsent(key, entryLine);
                if (first != null) {
                    throw FileProblem.duplicate(file, key, first, entryLine);
                }
                entries.add(Entry.text(key, value, entryLine));
                nextLine();
            }
            return entries;
        }

        private String key() {
            int start = pos;
            if (pos < text.length() && (Character.isLetter(peek()) && peek() < 128 || peek() == '_')) {
                pos++;
                while (pos < text.length() && isKeyChar(peek())) {
                    pos++;
                }
            }
            if (pos == start) {
                throw expected("a name (a letter or _, then letters, digits, _, . and -) at the start of the line");
            }
            return text.substring(start, pos);
        }

        private static boolean isKeyChar(char c) {
            return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
        }

        private String value() {
            if (peek() == '"') {
                return doubleQuoted();
            }
            if (peek() == '\'') {
                return singleQuoted();
            }
            int start = pos;
            int end = pos;
            while (!atLineEnd()) {
                char c = peek();
                if (c == '#' && pos > start && Character.isWhitespace(text.charAt(pos - 1))) {
                    break;
                }
                pos++;
                if (!Character.isWhitespace(c)) {
                    end = pos;
                }
            }
            String value = text.substring(start, end);
            skipToLineEnd();
            return value;
        }

        private String singleQuoted() {
            int openLine = line;
            int openColumn = column();
            pos++;
            int start = pos;
            while (!atLineEnd() && peek() != '\'') {
                pos++;
            }
            if (atLineEnd()) {
                throw FileProblem.malformed(file, NAME, openLine, openColumn,
                        "a single-quoted value must close on its line; add the closing ' or use double quotes");
            }
            String value = text.substring(start, pos);
            pos++;
            afterQuote();
            return value;
        }

        private String doubleQuoted() {
            int openLine = line;
            int openColumn = column();
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length() && peek() != '"') {
                char c = peek();
                if (c == '\\' && pos + 1 < text.length()) {
                    char next = text.charAt(pos + 1);
                    switch (next) {
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        case '"' -> value.append('"');
                        case '\\' -> value.append('\\');
                        default -> value.append(c).append(next);
                    }
                    pos += 2;
                    continue;
                }
                if (c == '\n') {
                    value.append(c);
                    pos++;
                    line++;
                    lineStart = pos;
                    continue;
                }
                value.append(c);
                pos++;
            }
            if (pos >= text.length()) {
                throw FileProblem.malformed(file, NAME, openLine, openColumn,
                        "the double-quoted value opened here is never closed; add the closing \"");
            }
            pos++;
            afterQuote();
            return value.toString();
        }

        /** After a closing quote, only spaces and a comment may follow on the line. */
        private void afterQuote() {
            skipSpaces();
            if (!atLineEnd() && peek() != '#') {
                throw expected("the end of the line or a # comment after the closing quote");
            }
            skipToLineEnd();
        }

        private ProviderException expected(String what) {
            return FileProblem.malformed(file, NAME, line, column(), "expected " + what);
        }

        private int column() {
            return pos - lineStart + 1;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\n';
        }

        private boolean atLineEnd() {
            return pos >= text.length() || peek() == '\n' || (peek() == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) == '\n'));
        }

        private void skipSpaces() {
            while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private void skipToLineEnd() {
            while (!atLineEnd()) {
                pos++;
            }
        }

        private void nextLine() {
            if (pos < text.length() && peek() == '\r') {
                pos++;
            }
            if (pos < text.length() && peek() == '\n') {
                pos++;
            }
            line++;
            lineStart = pos;
        }
    }
}
