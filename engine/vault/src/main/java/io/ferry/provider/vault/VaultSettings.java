package io.ferry.provider.vault;

import io.ferry.spi.PlainHttp;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.pacing.RateLimiter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@code vault:} provider points and how it logs in, read from its URI
 * ({@code vault:http://127.0.0.1:8200/secret?kv=2&prefix=app/}) or its DSL form
 * ({@code vault(address: 'http://127.0.0.1:8200', mount: 'secret', prefix: 'app/')}), which take the
 * same option names. Holds no credentials.
 *
 * @param address Vault's address, such as {@code https://vault.example.com:8200}, without a trailing slash
 * @param mount the KV mount's path as given, without slashes around it, such as {@code secret} or {@code kv/team};
 *     with {@code kv=auto} it may reach below the mount, and the part below becomes part of the prefix
 * @param kv 1 or 2, or 0 to detect the mount's version
 * @param prefix the path below the mount that scopes the view, empty for the whole mount
 * @param namespace the Vault Enterprise namespace, or null
 * @param auth how to log in: {@code token}, {@code approle} or {@code kubernetes}
 * @param role the Kubernetes auth role, or null
 * @param authMount the path the login method is mounted at, such as {@code approle}
 * @param caFile a PEM file of CA certificates to trust, or null for the JVM's trust store
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 */
public record VaultSettings(String address, String mount, int kv, String prefix, String namespace, String auth,
                            String role, String authMount, String caFile, Duration connectTimeout,
                            Duration readTimeout) {

    /** The options a {@code vault:} spec takes besides the rate limiter's. */
    public static final Set<String> OPTIONS = Set.of("address", "mount", "kv", "prefix", "namespace", "auth", "role",
            "authMount", "ca", "connectTimeout", "timeout", PlainHttp.OPTION);

    private static final Set<String> AUTH_METHODS = Set.of("token", "approle", "kubernetes");

    /**
     * Reads a spec, taking the address from {@code VAULT_ADDR}, the namespace from
     * {@code VAULT_NAMESPACE} and the CA file from {@code VAULT_CACERT} where the spec gives none.
     *
     * @param spec the provider spec
     * @param environment the environment variables
     * @return the settings
     * @throws IllegalArgumentException naming the option and the fix
     */
    public static VaultSettings from(ProviderSpec spec, Map<String, String> environment) {
        Set<String> known = new LinkedHashSet<>(OPTIONS);
        for (RateLimiter.Operation op : RateLimiter.Operation.values()) {
            known.add(op.option());
        }
        known.add(RateLimiter.ATTEMPTS_OPTION);
        for (String option : spec.options().keySet()) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the vault provider takes: " + String.join(", ", known));
            }
        }
        String location = spec.location();
        String address = spec.option("address", null);
        String mount = spec.option("mount", null);
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri = uri(location, spec);
            address = uri.getScheme() + "://" + uri.getRawAuthority();
            String path = trimSlashes(uri.getPath() == null ? "" : uri.getPath());
            if (!path.isEmpty()) {
                mount = mount == null ? path : path + "/" + trimSlashes(mount);
            }
        } else if (!location.isEmpty()) {
            mount = mount == null ? location : trimSlashes(location) + "/" + trimSlashes(mount);
        }
        if (address == null) {
            address = environment.get("VAULT_ADDR");
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("no Vault address in " + spec.toUri() + "; write vault:http://HOST:8200/MOUNT, "
                    + "give address: in the DSL, or set VAULT_ADDR");
        }
        address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        uri(address, spec);
        if (!address.startsWith("http://") && !address.startsWith("https://")) {
            throw new IllegalArgumentException("Vault address '" + address + "' in " + spec.toUri()
                    + " must start with http:// or https://");
        }
        PlainHttp.check(uri(address, spec), spec, "Vault address");
        mount = mount == null ? "" : trimSlashes(mount);
        if (mount.isEmpty()) {
            throw new IllegalArgumentException("no KV mount in " + spec.toUri() + "; name it after the address "
                    + "(vault:" + address + "/secret) or with mount: 'secret'");
        }
        int kv = switch (spec.option("kv", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new IllegalArgumentException("option kv in " + spec.toUri() + " is 1, 2 or auto, not '"
                    + spec.option("kv", "") + "'");
        };
        String prefix = spec.option("prefix", "");
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        String namespace = spec.option("namespace", environment.get("VAULT_NAMESPACE"));
        namespace = namespace == null || trimSlashes(namespace).isEmpty() ? null : trimSlashes(namespace);
        String auth = spec.option("auth", "token").toLowerCase(Locale.ROOT);
        if (!AUTH_METHODS.contains(auth)) {
            throw new IllegalArgumentException("option auth in " + spec.toUri() + " is token, approle or kubernetes, not '"
                    + auth + "'");
        }
        String role = spec.option("role", null);
        if (auth.equals("kubernetes") && (role == null || role.isBlank())) {
            throw new IllegalArgumentException("auth=kubernetes in " + spec.toUri()
                    + " needs the Vault role to log in as: add role=NAME");
        }
        String authMount = trimSlashes(spec.option("authMount", auth.equals("token") ? "token" : auth));
        String ca = spec.option("ca", environment.get("VAULT_CACERT"));
        return new VaultSettings(address, mount, kv, prefix, namespace, auth, role, authMount,
                ca == null || ca.isBlank() ? null : ca,
                Duration.ofSeconds(seconds(spec, "connectTimeout", 5)), Duration.ofSeconds(seconds(spec, "timeout", 30)));
    }

    /** @return the address and mount, as messages name the store */
    public String where() {
        return address + "/v1/" + (namespace == null ? "" : namespace + "/") + mount + "/";
    }

    private static URI uri(String text, ProviderSpec spec) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' in " + spec.toUri()
                    + " is not a Vault address; write http://HOST:PORT or https://HOST:PORT", e);
        }
    }

    private static int seconds(ProviderSpec spec, String option, int fallback) {
        String text = spec.option(option, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("option " + option + " in " + spec.toUri()
                + " is a whole number of seconds of at least 1, not '" + text + "'");
    }

    static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
