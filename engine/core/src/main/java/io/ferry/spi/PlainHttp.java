package io.ferry.spi;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a store may be reached over plain {@code http://}: tokens, signatures and values
 * would cross the network unencrypted, so only a loopback host (an emulator or a local agent) is
 * accepted, unless the store's URI says {@code insecureHttp=true}, which is logged as a warning.
 * Host names other than {@code localhost} are never resolved to decide: a name is not loopback.
 */
public final class PlainHttp {

    /** The URI option that accepts plain http to a host that is not loopback. */
    public static final String OPTION = "insecureHttp";

    private static final Logger LOG = LoggerFactory.getLogger(PlainHttp.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PlainHttp() {
    }

    /**
     * @param endpoint the URL a provider will call
     * @param spec the provider's URI or DSL options, for {@value #OPTION}
     * @param what what the endpoint is, for messages ("Vault address", "endpoint", "server")
     * @throws IllegalArgumentException when the URL is plain http to a host that is not loopback and
     *     the option is not given, or the option is neither true nor false
     */
    public static void check(URI endpoint, ProviderSpec spec, String what) {
        String insecure = spec.option(OPTION, "false");
        if (!insecure.equals("true") && !insecure.equals("false")) {
            throw new IllegalArgumentException(OPTION + " takes true or false, not '" + insecure + "', in " + spec.toUri());
        }
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) || isLoopback(endpoint.getHost())) {
            return;
        }
        if (insecure.equals("false")) {
            throw new IllegalArgumentException(what + " " + endpoint + " in " + spec.toUri() + " is plain http:// to a "
                    + "host that is not loopback, so credentials and values would cross the network unencrypted; use "
                    + "https://, or add " + OPTION + "=true to accept it");
        }
        LOG.warn("{}=true: {} {} is plain http://; credentials and values cross the network unencrypted", OPTION, what,
                endpoint);
    }

    /**
     * @param host a URL's host
     * @return whether it is {@code localhost} or a loopback IP address
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        h = h.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            // An address literal: parsed, never looked up.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
