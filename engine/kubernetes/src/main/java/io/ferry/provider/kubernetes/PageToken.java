package io.ferry.provider.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
     * @throws IllegalArgumentException when the token was not made here
     */
    static PageToken decode(String token) {
        if (token == null) {
            return new PageToken(null, null);
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + token + "' is not a page token of the k8s provider; "
                    + "pass the nextToken of the previous page", e);
        }
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new IllegalArgumentException("'" + token + "' is not a page token of the k8s provider; "
                    + "pass the nextToken of the previous page");
        }
        String after = text.substring(0, newline);
        String next = text.substring(newline + 1);
        return new PageToken(next.isEmpty() ? null : next, after.isEmpty() ? null : after);
    }

    /** @return the token's text, safe in a URL */
    String encode() {
        String text = (after == null ? "" : after) + "\n" + (serverContinue == null ? "" : serverContinue);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
