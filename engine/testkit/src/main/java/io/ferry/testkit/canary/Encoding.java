package io.ferry.testkit.canary;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The forms in which a value can leave a process unnoticed by a plain text search: what a careless
 * store, SDK, log line or report does to the bytes it quotes.
 */
public enum Encoding {
    /** The bytes as UTF-8 text. */
    RAW,
    /** Escaped once as the content of a JSON string ({@code "} becomes {@code \"}). */
    JSON_ESCAPED,
    /** Escaped twice: a JSON document held as a string inside another JSON document. */
    JSON_NESTED,
    /** Standard Base64 ({@code +/}, padded). */
    BASE64,
    /** URL-safe Base64 ({@code -_}, unpadded). */
    BASE64_URL,
    /** Hexadecimal, lower case. */
    HEX_LOWER,
    /** Hexadecimal, upper case. */
    HEX_UPPER,
    /** {@code application/x-www-form-urlencoded}, as in a query string. */
    URL_ENCODED;

    /**
     * @param bytes what to encode
     * @return the bytes in this form
     */
    public String apply(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return switch (this) {
            case RAW -> text;
            case JSON_ESCAPED -> json(text);
            case JSON_NESTED -> json(json(text));
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case BASE64_URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case HEX_LOWER -> HexFormat.of().formatHex(bytes);
            case HEX_UPPER -> HexFormat.of().withUpperCase().formatHex(bytes);
            case URL_ENCODED -> URLEncoder.encode(text, StandardCharsets.UTF_8);
        };
    }

    private static String json(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
