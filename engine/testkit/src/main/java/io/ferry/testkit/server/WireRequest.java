package io.ferry.testkit.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as a test server sees it, its body read in full.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, without the query
 * @param query the decoded query parameters; a repeated one keeps its first value
 * @param headers the headers, names in lower case
 * @param body the body's bytes, empty when there is none
 */
public record WireRequest(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                          byte[] body) {

    /**
     * @param name a header's name, in any case
     * @return its first value, or null
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return the body as UTF-8 text */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * @param rawQuery the query as sent, or null
     * @return its parameters, decoded, in order
     */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
