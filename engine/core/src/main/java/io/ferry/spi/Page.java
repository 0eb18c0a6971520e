package io.ferry.spi;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the entries of this page
 * @param nextToken the token of the next page, or null when this is the last (an empty token, as
 *     some stores answer on the last page, is taken as none)
 * @param <T> the entry type
 */
public record Page<T>(List<T> items, String nextToken) {

    /** Copies the items; an empty token becomes null. */
    public Page {
        items = List.copyOf(items);
        nextToken = PageTrail.hasMore(nextToken) ? nextToken : null;
    }
}
