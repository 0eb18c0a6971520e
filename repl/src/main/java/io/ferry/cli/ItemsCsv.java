package io.ferry.cli;

import io.ferry.state.JournalItem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A run's items as CSV (RFC 4180) for spreadsheets and tickets: keys, action, status, reason,
 * attempts, flags, the source value's keyed fingerprint and that of the value the plan writes (which
 * validation compares the target with, and {@code --sample} shows), never a value. A cell that a spreadsheet
 * would read as a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return) gets a leading {@code '}, so that opening the file runs nothing a store's key
 * name could smuggle in.
 */
final class ItemsCsv {

    private static final List<String> HEADER = List.of("source_key", "target_key", "action", "status", "reason", "attempts",
            "flags", "error", "source_fingerprint", "target_fingerprint");

    private final PrintWriter out;

    ItemsCsv(PrintWriter out) {
        this.out = out;
    }

    /**
     * Writes the header and every item.
     *
     * @param items the items to write
     */
    void write(RunItems items) {
        row(HEADER);
        items.forEach(item -> {
            row(cells(item));
            return true;
        });
        out.flush();
    }

    private static List<String> cells(JournalItem item) {
        return List.of(item.sourceKey(), item.targetKey(), item.action().name(), item.status().name().toLowerCase(Locale.ROOT),
                text(item.reason()), String.valueOf(item.attempts()), String.join("; ", item.flags()), text(item.error()),
                text(item.sourceFingerprint()), text(item.desiredFingerprint()));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private void row(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        // RFC 4180 ends every record with CRLF, whatever the platform.
        out.print(line.append("\r\n"));
    }

    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
