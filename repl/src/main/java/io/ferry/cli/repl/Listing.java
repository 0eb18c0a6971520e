package io.ferry.cli.repl;

import java.util.ArrayList;

/**
 * A list a REPL helper has already printed as a table: the shell shows it as its size, not a
 * second time.
 *
 * @param <T> the elements
 */
public final class Listing<T> extends ArrayList<T> {

    private final String one;
    private final String many;

    Listing(String one, String many) {
        this.one = one;
        this.many = many;
    }

    @Override
    public String toString() {
        return size() + " " + (size() == 1 ? one : many);
    }
}
