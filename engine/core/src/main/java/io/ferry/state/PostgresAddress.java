package io.ferry.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A PostgreSQL state store as a {@code postgresql://} URL names it, read the way libpq reads one:
 * the user defaults to {@code PGUSER}, then the operating system's user; the database to the user;
 * the port to 5432. Only the parameters Ferry passes on are accepted, so that a misspelt
 * {@code sslmode} is refused rather than ignored. Shown as host, port and database only.
 */
final class PostgresAddress {

    static final Set<String> SCHEMES = Set.of("postgresql", "postgres");

    static final int DEFAULT_PORT = 5432;

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** URL parameters, by the name libpq gives them, and the name of the JDBC driver's property for each. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "currentSchema", "currentSchema");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String urlPassword;
    private final Map<String, String> properties;
    private final Map<String, String> environment;

    private PostgresAddress(String host, int port, String database, String user, String urlPassword,
                            Map<String, String> properties, Map<String, String> environment) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.urlPassword = urlPassword;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * @param text the URL
     * @param environment the process's environment, for {@code PGUSER} and, on open, the password
     * @return the address
     * @throws IllegalArgumentException with a one-line message that shows no user or password
     */
    static PostgresAddress parse(String text, Map<String, String> environment) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refused("is not a URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused("names no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (user == null || user.isEmpty()) {
            user = environment.getOrDefault("PGUSER", System.getProperty("user.name"));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty()) {
            database = user;
        }
        if (database.contains("/")) {
            throw refused("names the database '" + database + "', which has a slash");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                String property = PARAMETERS.get(name);
                if (property == null) {
                    throw refused("has the parameter '" + name + "', which Ferry does not pass on; it takes "
                            + String.join(", ", PARAMETERS.keySet().stream().sorted().toList()));
                }
                if (name.equals("sslmode") && !SSL_MODES.contains(value)) {
                    // The value is not repeated: a URL pasted in the wrong order may hold a password there.
                    throw refused("has an sslmode that is none of disable, allow, prefer, require, verify-ca, verify-full");
                }
                properties.put(property, value);
            }
        }
        return new PostgresAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, user, password,
                Map.copyOf(properties), environment);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("the PostgreSQL URL given to --state " + what
                + "; give postgresql://USER@HOST:5432/DATABASE?sslmode=verify-full");
    }

    /** @return the server's host, as the URL names it (an IPv6 address in brackets) */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    String user() {
        return user;
    }

    /** @return the password the URL itself carried, or null */
    String urlPassword() {
        return urlPassword;
    }

    /** @return the JDBC driver's properties the URL's parameters set */
    Map<String, String> properties() {
        return properties;
    }

    /** @return the environment the password is looked up in */
    Map<String, String> environment() {
        return environment;
    }

    /** @return the JDBC URL: host, port and database, with nothing that identifies the user */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + encodePath(database);
    }

    /** @return the sslmode the connection uses: the URL's, else the driver's default */
    String sslMode() {
        return properties.getOrDefault("sslmode", "prefer");
    }

    /** @return a database name percent-encoded for the path of a JDBC URL */
    private static String encodePath(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresAddress a && host.equals(a.host) && port == a.port && database.equals(a.database)
                && user.equals(a.user) && properties.equals(a.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, properties);
    }

    @Override
    public String toString() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}
