package io.ferry.provider.file;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A Java properties file, read exactly as {@link Properties#load(java.io.Reader)} reads it
 * ({@code =}, {@code :} or a space between name and value, {@code #} and {@code !} comments,
 * backslash continuation lines, {@code \}{@code uXXXX} escapes), but as UTF-8, and with a name given twice
 * refused rather than the last one kept. Each logical line is handed to {@link Properties} alone,
 * so that the line of every entry is known.
 *
 * <p>Written with the escapes {@code Properties.store} uses, without its date comment, non-ASCII
 * characters as they are (the file is UTF-8).
 */
final class PropertiesFormat implements FileFormat {

    private static final String NAME = "properties";

    private final Constraints constraints = new Constraints("properties file", Pattern.compile("[^\\x00]+"),
            "any characters but NUL", 4096, 16 * 1024 * 1024, Integer.MAX_VALUE, 1024, 4096, true, false,
            NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters (U+0000-U+001F, U+007F-U+009F), which a text file would not keep as they are"));

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
        return record.value().isUtf8() ? List.of() : List.of("value is not UTF-8 text, and a properties file holds "
                + "only text; encode it first, or write it to a Kubernetes manifest (format=k8s)");
    }

    @Override
    public Entry entry(SecretRecord record, int line) {
        return Entry.text(record.key(), record.value().text(), line);
    }

    @Override
    public List<Entry> read(String text, Path file) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (LogicalLine logical : logicalLines(text)) {
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.text()));
            } catch (IllegalArgumentException malformed) {
                int[] at = badEscape(logical);
                throw FileProblem.malformed(file, NAME, at[0], at[1], "a \\u escape must be followed by four hex digits");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : one.stringPropertyNames()) {
                if (key.isEmpty()) {
                    throw FileProblem.malformed(file, NAME, logical.line(), 1, "a name before the = or :");
                }
                Integer first = seen.putIfAbsent(key, logical.line());
                if (first != null) {
                    throw FileProblem.duplicate(file, key, first, logical.line());
                }
                entries.add(Entry.text(key, one.getProperty(key), logical.line()));
            }
        }
        return entries;
    }

    /**
     * A key-value line as {@link Properties} sees it: natural lines joined by a trailing odd number
     * of backslashes, with the line it starts on.
     */
    private record LogicalLine(String text, int line) {
    }

    private static List<LogicalLine> logicalLines(String text) {
        List<LogicalLine> lines = new ArrayList<>();
        String[] natural = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < natural.length) {
            String first = stripLeading(natural[i]);
            int start = i + 1;
            if (first.isEmpty() || first.charAt(0) == '#' || first.charAt(0) == '!') {
                i++;
                continue;
            }
            StringBuilder joined = new StringBuilder(natural[i]);
            while (continues(natural[i]) && i + 1 < natural.length) {
                i++;
                joined.append('\n').append(natural[i]);
            }
            lines.add(new LogicalLine(joined.toString(), start));
            i++;
        }
        return lines;
    }

    private static String stripLeading(String line) {
        int k = 0;
        while (k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t' || line.charAt(k) == '\f')) {
            k++;
        }
        return line.substring(k);
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** @return the line and column of the first {@code \}{@code u} not followed by four hex digits */
    private static int[] badEscape(LogicalLine logical) {
        String text = logical.text();
        int line = logical.line();
        int lineStart = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n') {
                line++;
                lineStart = k + 1;
            } else if (c == '\\' && k + 1 < text.length()) {
                if (text.charAt(k + 1) == 'u' && !(k + 6 <= text.length() && text.substring(k + 2, k + 6).matches("[0-9a-fA-F]{4}"))) {
                    return new int[] {line, k - lineStart + 1};
                }
                if (text.charAt(k + 1) != '\n') {
                    k++;
                }
            }
        }
        return new int[] {logical.line(), 1};
    }

    @Override
    public String write(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Entry entry : entries) {
            escape(entry.key(), true, out);
            out.append('=');
            escape(entry.value().text(), false, out);
            out.append('\n');
        }
        return out.toString();
    }

    /** The escapes of {@code Properties.store}, except that non-ASCII characters stay as they are. */
    private static void escape(String text, boolean isKey, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ' ' -> out.append(i == 0 || isKey ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
