package io.ferry.testkit.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of a test server.
 *
 * @param status the HTTP status
 * @param headers the headers to send, besides Content-Length
 * @param body the body, empty for none
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * @param status the HTTP status
     * @param contentType the body's content type
     * @param body the body as UTF-8 text
     * @return the response
     */
    public static WireResponse of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new WireResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param status the HTTP status
     * @return a response with no body
     */
    public static WireResponse empty(int status) {
        return new WireResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    /**
     * @param name a header's name
     * @param value its value
     * @return this response with the header added
     */
    public WireResponse with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WireResponse(status, more, body);
    }
}
