package io.ferry.provider.kubernetes;

import io.ferry.spi.PageTokens;
import io.ferry.spi.ProviderException;
import java.util.List;

/**
 * Where a listing goes on: the API server's continue token for the next page, and the last Secret
 * name already returned. The name makes the listing exact whatever the server does with
 * {@code limit}: a server that sends more than asked (fabric8's mock sends everything) is cut at the
 * page size, and the next page skips what was returned; when a continue token has expired (410 Gone,
 * after about five minutes) the listing starts over and skips to the name.
 *
 * @param serverContinue the API server's continue token, or null to list from the start
 * @param after the last name returned, or null
 */
record PageToken(String serverContinue, String after) {

    /**
     * @param token a token made by {@link #encode()}, or null for the first page
     * @return the position
     * @throws ProviderException of kind {@link ProviderException.Kind#INVALID} when the token was not made here
     */
    static PageToken decode(String token) {
        if (token == null) {
            return new PageToken(null, null);
        }
        List<String> parts = PageTokens.decode(token, 2, "the k8s provider");
        String after = parts.get(0);
        String next = parts.get(1);
        return new PageToken(next.isEmpty() ? null : next, after.isEmpty() ? null : after);
    }

    /** @return the token's text, safe in a URL */
    String encode() {
        return PageTokens.encode(after == null ? "" : after, serverContinue == null ? "" : serverContinue);
    }
}
