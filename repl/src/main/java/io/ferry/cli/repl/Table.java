package io.ferry.cli.repl;

import io.ferry.cli.terminal.TerminalText;
import io.ferry.cli.terminal.TerminalWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A listing printed as aligned columns: on a colour terminal with a bold header and the status
 * words in colour, elsewhere as plain text, so that a log or a dumb terminal gets no escape codes.
 * Cells are escaped ({@link TerminalText}), and the columns are as wide as the escaped cells, so
 * that a key with a control character in it neither acts on the terminal nor breaks the alignment;
 * the colours are the only control sequences written as they are.
 */
final class Table {

    private static final int GAP = 2;
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

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

    int size() {
        return rows.size();
    }

    /**
     * @param out where to print
     * @param colour whether the terminal shows colours
     */
    void print(PrintWriter out, boolean colour) {
        print(out, colour, rows.size());
    }

    /**
     * Prints the header and the first rows; Ctrl-C (an interrupt) stops it between two rows.
     *
     * @param out where to print
     * @param colour whether the terminal shows colours
     * @param limit how many rows at most
     * @throws CancellationException when interrupted, saying how far it got
     */
    void print(PrintWriter out, boolean colour, int limit) {
        TerminalWriter terminal = TerminalWriter.of(out);
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], TerminalText.escape(row.get(i)).length());
            }
        }
        line(terminal, headers, widths, colour, true, Set.of());
        int printed = 0;
        for (List<String> row : rows.subList(0, Math.min(limit, rows.size()))) {
            if (Thread.currentThread().isInterrupted()) {
                terminal.flush();
                throw new CancellationException("the output stopped after " + printed + " of " + rows.size() + " rows");
            }
            line(terminal, row, widths, colour, false, statusColumns);
            printed++;
        }
        terminal.flush();
    }

    private static void line(TerminalWriter out, List<String> cells, int[] widths, boolean colour, boolean header,
                             Set<Integer> statuses) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String style = header ? BOLD : statuses.contains(i) ? styleOf(cell) : null;
            if (colour && style != null) {
                out.writeControl(style);
                out.print(cell);
                out.writeControl(RESET);
            } else {
                out.print(cell);
            }
            if (i < cells.size() - 1) {
                out.print(" ".repeat(widths[i] - TerminalText.escape(cell).length() + GAP));
            }
        }
        out.println();
    }

    /** Outcomes in the colours a person expects: done green, failed red, flagged or skipped yellow. */
    private static String styleOf(String cell) {
        return switch (cell) {
            case "DONE", "SUCCEEDED", "CREATE", "UPDATE" -> GREEN;
            case "FAILED", "STOPPED", "VALIDATION_FAILED", "CONFLICT", "INVALID", "ROLLBACK_FAILED" -> RED;
            case "SUCCEEDED_WITH_ISSUES", "INTERRUPTED", "PAUSED", "SKIP", "NOOP" -> YELLOW;
            default -> null;
        };
    }
}
