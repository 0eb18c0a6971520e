package io.ferry.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a state store is: a SQLite file, or a PostgreSQL database that several machines share.
 * Parsed from what {@code --state} or {@code FERRY_STATE} says; shown (in messages, logs and
 * errors) as the file's path, or as {@code postgresql://HOST:PORT/DATABASE} without the user,
 * password or parameters the URL carried.
 */
public final class StateLocation {

    /** A URL's scheme; two letters at least, so that a Windows drive ({@code C:}) is not one. */
    private static final Pattern URL_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):");

    private final Path file;
    private final PostgresAddress server;

    private StateLocation(Path file, PostgresAddress server) {
        this.file = file;
        this.server = server;
    }

    /**
     * @param file a SQLite file, created when the store is first opened
     * @return its location
     */
    public static StateLocation file(Path file) {
        return new StateLocation(Objects.requireNonNull(file, "file"), null);
    }

    /**
     * Reads a location as {@code --state} gives it.
     *
     * @param text a path, or a URL {@code postgresql://[USER@]HOST[:PORT]/DATABASE[?sslmode=...]}
     * @param workingDirectory what a relative path resolves against
     * @param environment where the PostgreSQL user and password are looked up ({@code PGUSER},
     *     {@code PGPASSWORD}, {@code PGPASSFILE}, {@code HOME}) when the store is opened
     * @return the location
     * @throws IllegalArgumentException with a one-line message naming the fix, for a URL of another
     *     scheme, a malformed PostgreSQL URL, or a path that is a directory
     */
    public static StateLocation parse(String text, Path workingDirectory, Map<String, String> environment) {
        Matcher url = URL_SCHEME.matcher(text);
        if (url.lookingAt()) {
            String scheme = url.group(1);
            if (PostgresAddress.SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
                return new StateLocation(null, PostgresAddress.parse(text, environment));
            }
            // Only the scheme is named: the rest of a URL may carry a user name and password.
            throw new IllegalArgumentException("--state takes the path of a SQLite file or a postgresql:// URL, not a '"
                    + scheme + ":' URL; give a path such as .ferry/state.db, postgresql://USER@HOST:5432/DATABASE, "
                    + "or ./NAME for a file whose name has a colon");
        }
        Path path = workingDirectory.resolve(Path.of(text));
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("--state " + path + " is a directory; give the state store's file, "
                    + "for example " + path.resolve("state.db"));
        }
        return file(path);
    }

    /** @return the SQLite file, or empty for a store on a server */
    public Optional<Path> localFile() {
        return Optional.ofNullable(file);
    }

    /**
     * @return whether this is a SQLite file that does not exist yet; a store on a server is not
     *     known to be missing before it is opened
     */
    public boolean isMissingFile() {
        return file != null && !Files.isRegularFile(file);
    }

    /** @return the store's dialect, not yet opened */
    Dialect dialect() {
        return file != null ? new SqliteDialect(file) : new PostgresDialect(server);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateLocation other && Objects.equals(file, other.file) && Objects.equals(server, other.server);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, server);
    }

    /** @return the file's path, or the server's host, port and database */
    @Override
    public String toString() {
        return file != null ? file.toString() : server.toString();
    }
}
