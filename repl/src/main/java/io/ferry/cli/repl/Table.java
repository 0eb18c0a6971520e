package io.ferry.cli.repl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A listing printed as aligned columns: on a colour terminal with a bold header and the status
 * words in colour, elsewhere as plain text, so that a log or a dumb terminal gets no escape codes.
 */
final class Table {

    private static final int GAP = 2;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> statusColumns = new HashSet<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param column a column of outcomes (DONE, FAILED, ...), shown in colour on a colour terminal
     * @return this table
     */
    Table statusColumn(int column) {
        statusColumns.add(column);
        return this;
    }

    /**
     * @param cells one per column; null prints as {@code -}
     * @return this table
     */
    Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * @param out where to print
     * @param colour whether the terminal shows colours
     */
    void print(PrintWriter out, boolean colour) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(headers, widths, colour, true, Set.of()));
        for (List<String> row : rows) {
            out.println(line(row, widths, colour, false, statusColumns));
        }
        out.flush();
    }

    private static String line(List<String> cells, int[] widths, boolean colour, boolean header, Set<Integer> statuses) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            line.style(header ? AttributedStyle.BOLD : statuses.contains(i) ? styleOf(cell) : AttributedStyle.DEFAULT).append(cell).style(AttributedStyle.DEFAULT);
            if (!last) {
                line.append(" ".repeat(widths[i] - cell.length() + GAP));
            }
        }
        AttributedString text = line.toAttributedString();
        return colour ? text.toAnsi() : text.toString();
    }

    /** Outcomes in the colours a person expects: done green, failed red, flagged or skipped yellow. */
    private static AttributedStyle styleOf(String cell) {
        return switch (cell) {
            case "DONE", "SUCCEEDED", "CREATE", "UPDATE" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case "FAILED", "STOPPED", "VALIDATION_FAILED", "CONFLICT", "INVALID", "ROLLBACK_FAILED" ->
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case "SUCCEEDED_WITH_ISSUES", "INTERRUPTED", "SKIP", "NOOP" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            default -> AttributedStyle.DEFAULT;
        };
    }
}
