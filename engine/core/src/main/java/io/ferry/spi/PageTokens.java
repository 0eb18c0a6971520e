package io.ferry.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The page tokens of a store whose listing goes on from a position the adapter knows (the last key
 * returned, a snapshot's id, the server's own continue token): the position's parts, joined by line
 * feeds and encoded as URL-safe base64, so that a token is opaque, safe in a URL and a command line,
 * and decoded only by the adapter that issued it. A token that is not one is refused with one line
 * that names the store and the fix, before the store is called.
 */
public final class PageTokens {

    private PageTokens() {
    }

    /**
     * @param parts the position, such as the last key returned; none may contain a line feed but the last
     * @return the token
     */
    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param token a token made by {@link #encode} with one part
     * @param issuer the store that issued it, for the message ("local:secrets.db")
     * @return the position
     * @throws ProviderException of kind {@link ProviderException.Kind#INVALID} when the token was not
     *     made by {@link #encode}
     */
    public static String decode(String token, String issuer) {
        return decode(token, 1, issuer).get(0);
    }

    /**
     * @param token a token made by {@link #encode}
     * @param parts how many parts it was made of; the last keeps any line feeds
     * @param issuer the store that issued it, for the message
     * @return the parts
     * @throws ProviderException of kind {@link ProviderException.Kind#INVALID} when the token was not
     *     made by {@link #encode} with that many parts
     */
    public static List<String> decode(String token, int parts, String issuer) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] split = text.split("\n", parts);
            if (split.length == parts) {
                return Arrays.asList(split);
            }
        } catch (IllegalArgumentException e) {
            // refused below, in the store's words
        }
        throw new ProviderException(ProviderException.Kind.INVALID, null, "page token '" + token
                + "' was not issued by " + issuer + "; list again from the first page");
    }
}
