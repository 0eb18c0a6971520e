package io.ferry.provider.azure;

import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.ferry.spi.PageTokens;
import io.ferry.spi.ProviderException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Pages a vault's listing in key order. Key Vault lists secrets in no promised order and cannot
 * filter by prefix, so the first page of a listing reads the whole listing once (names and
 * properties, never values), sorts it by name without regard to case, and keeps it for the pages
 * that follow; a page token names that snapshot and the last name returned. A token whose snapshot
 * is gone (evicted, or another process) lists again and carries on after that name, so a listing is
 * never wrong, only slower. Memory: one snapshot per listing in progress, at most {@value #SNAPSHOTS}.
 */
final class SortedListing {

    /** How many listings in progress keep their snapshot. */
    static final int SNAPSHOTS = 8;

    /** Who issues this listing's page tokens, for the message that refuses another token. */
    private static final String ISSUER = "this azure provider";

    /**
     * One secret of a listing.
     *
     * @param folded its name in lower case, the listing's order
     * @param name its name as Key Vault holds it
     * @param properties its properties from the listing (no version: Key Vault does not list it)
     */
    record Entry(String folded, String name, SecretProperties properties) {
    }

    /**
     * One page of entries.
     *
     * @param entries the entries, in order
     * @param nextToken the next page's token, or null after the last
     */
    record Slice(List<Entry> entries, String nextToken) {
    }

    private final Map<String, List<Entry>> snapshots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Entry>> eldest) {
            return size() > SNAPSHOTS;
        }
    };

    /**
     * @param token the page token, or null for the first page
     * @param pageSize the most entries wanted
     * @param listAll reads the whole listing under the prefix, in any order
     * @return the page
     * @throws ProviderException of kind INVALID for a token this class did not make
     */
    Slice page(String token, int pageSize, Supplier<List<Entry>> listAll) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        String id = null;
        String after = null;
        if (token != null) {
            String[] parts = decode(token);
            id = parts[0];
            after = parts[1];
        }
        List<Entry> all;
        synchronized (snapshots) {
            all = id == null ? null : snapshots.get(id);
        }
        if (all == null) {
            all = new ArrayList<>(listAll.get());
            all.sort(Comparator.comparing(Entry::folded));
            id = UUID.randomUUID().toString();
            synchronized (snapshots) {
                snapshots.put(id, all);
            }
        }
        int from = after == null ? 0 : firstAfter(all, after);
        int to = Math.min(all.size(), from + pageSize);
        List<Entry> entries = List.copyOf(all.subList(from, to));
        String next = to < all.size() ? encode(id, entries.get(entries.size() - 1).folded()) : null;
        if (next == null) {
            synchronized (snapshots) {
                snapshots.remove(id);
            }
        }
        return new Slice(entries, next);
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static int firstAfter(List<Entry> all, String after) {
        int low = 0;
        int high = all.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (all.get(mid).folded().compareTo(after) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static String encode(String id, String after) {
        return PageTokens.encode(id, after);
    }

    private static String[] decode(String token) {
        List<String> parts = PageTokens.decode(token, 2, ISSUER);
        if (parts.get(0).isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, null, "page token '" + token
                    + "' was not issued by " + ISSUER + "; list again from the first page");
        }
        return parts.toArray(String[]::new);
    }
}
