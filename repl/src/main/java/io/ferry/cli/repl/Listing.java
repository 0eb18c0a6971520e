package io.ferry.cli.repl;

import java.util.ArrayList;

/**
 * What a REPL helper hands back: rows to query ({@code s.ls('app/').findAll { it.tags.env == 'prod' }}),
 * shown as a table only when they are a line's whole result. Inside an expression a listing
 * prints nothing; as text it is its size.
 *
 * @param <T> the rows
 */
public final class Listing<T> extends ArrayList<T> {

    private final String one;
    private final String many;
    private final Printer<T> printer;

    /** How a listing prints. @param <T> the rows */
    @FunctionalInterface
    interface Printer<T> {
        /**
         * @param rows the rows
         * @param all every row, however many; else as many as fit the screen, or through the pager
         */
        void print(Listing<T> rows, boolean all);
    }

    /**
     * @param one what one row is, for example {@code key}
     * @param many what several are
     * @param printer prints the rows as the shell shows them
     */
    Listing(String one, String many, Printer<T> printer) {
        this.one = one;
        this.many = many;
        this.printer = printer;
    }

    /** Prints the rows as a line whose result this listing is shows them: paged or capped to the screen. */
    void show() {
        printer.print(this, false);
    }

    /** Prints every row as a table, however many; Ctrl-C stops it. */
    public void printAll() {
        printer.print(this, true);
    }

    @Override
    public String toString() {
        return size() + " " + (size() == 1 ? one : many);
    }
}
