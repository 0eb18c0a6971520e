package io.ferry.spi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a provider points: a scheme that picks the adapter, a location whose meaning is the
 * adapter's (a file, a region and prefix, a vault URL), and options. Written as a URI such as
 * {@code local:secrets.db}, {@code memory:?emulate=azure} or
 * {@code aws:us-east-1/payments/?endpoint=http://127.0.0.1:4566}. Never holds credentials.
 *
 * @param scheme the adapter's scheme, lower case
 * @param location the part between the scheme and the options
 * @param options the options, in the order given
 */
public record ProviderSpec(String scheme, String location, Map<String, String> options) {

    /** Checks the scheme and copies the options. */
    public ProviderSpec {
        Objects.requireNonNull(scheme, "scheme");
        location = location == null ? "" : location;
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code scheme:location?name=value&...}.
     *
     * @param uri the URI
     * @return the spec
     * @throws IllegalArgumentException when there is no scheme, naming the expected form
     */
    public static ProviderSpec parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        int colon = uri.indexOf(':');
        if (colon <= 0 || !uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new IllegalArgumentException("'" + uri + "' is not a provider URI; write SCHEME:LOCATION, "
                    + "for example local:secrets.db or memory:");
        }
        String scheme = uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        String rest = uri.substring(colon + 1);
        int query = rest.indexOf('?');
        Map<String, String> options = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "true" : pair.substring(eq + 1);
                options.put(decode(name), decode(value));
            }
            rest = rest.substring(0, query);
        }
        return new ProviderSpec(scheme, rest, options);
    }

    /**
     * @param name an option name
     * @param fallback the value when the option is absent
     * @return the option's value
     */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** @return the URI form, which {@link #parse(String)} reads back */
    public String toUri() {
        if (options.isEmpty()) {
            return scheme + ":" + location;
        }
        return scheme + ":" + location + "?" + options.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return toUri();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":");
    }
}
