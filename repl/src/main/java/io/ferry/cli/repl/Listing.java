package io.ferry.cli.repl;

import java.util.ArrayList;

/**
 * A list a REPL helper has already printed as a table: the shell shows it as its size, not a
 * second time.
 *
 * @param <T> the elements
 */
public final class Listing<T> extends ArrayList<T> {

    private final String noun;

    Listing(String noun) {
        this.noun = noun;
    }

    @Override
    public String toString() {
        return size() + " " + noun;
    }
}
