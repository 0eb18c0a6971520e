package io.ferry.spi;

import java.util.HashSet;
import java.util.Set;

/**
 * Follows the page tokens of one listing and decides when it has ended. A store's own SDK stops at
 * a missing token; independent implementations of the same APIs also answer an empty token on the
 * last page, or hand the same token back, so a loop that stops only on null would never end. The
 * trail ends a listing on a missing, empty or already followed token, and refuses to follow more
 * than {@link #MAX_PAGES} pages, so that no listing loops forever whatever the store answers.
 */
public final class PageTrail {

    /** The most pages one listing follows: ten million secrets at a hundred a page. */
    public static final int MAX_PAGES = 100_000;

    private final String store;
    private final String what;
    private final int maxPages;
    private final Set<String> followed = new HashSet<>();
    private int pages;

    /**
     * @param store the store's name, for the message of a listing that does not end
     * @param what what is listed ("the versions of 'db'"), for that message
     */
    public PageTrail(String store, String what) {
        this(store, what, MAX_PAGES);
    }

    /**
     * @param store the store's name
     * @param what what is listed
     * @param maxPages the most pages to follow
     */
    public PageTrail(String store, String what, int maxPages) {
        this.store = store;
        this.what = what;
        this.maxPages = maxPages;
    }

    /**
     * @param token the token a page answered with
     * @return the token of the next page to read, or null when the listing has ended: the token is
     *     missing, empty, or one already followed
     * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE}, not retryable,
     *     when the listing has gone on for more than the bound
     */
    public String next(String token) {
        if (!hasMore(token) || !followed.add(token)) {
            return null;
        }
        if (++pages > maxPages) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, store + " was still paging through "
                    + what + " after " + maxPages + " pages; it keeps answering new page tokens, so the listing was "
                    + "stopped: narrow it with a prefix, or check the store", false, null, null);
        }
        return token;
    }

    /**
     * @param token a page token as a store answered it
     * @return whether it names another page: neither missing nor empty
     */
    public static boolean hasMore(String token) {
        return token != null && !token.isEmpty();
    }
}
