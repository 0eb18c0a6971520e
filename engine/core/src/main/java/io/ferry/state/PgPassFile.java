package io.ferry.state;

import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL's password file, read as libpq reads it: {@code PGPASSFILE}, else {@code ~/.pgpass};
 * one {@code HOST:PORT:DATABASE:USER:PASSWORD} a line, {@code *} matching anything, {@code \:} and
 * {@code \\} escaping, the first matching line winning. A file others may read is refused rather
 * than used, as Ferry refuses such a journal key.
 */
final class PgPassFile {

    private final Path file;

    private PgPassFile(Path file) {
        this.file = file;
    }

    /**
     * @param environment the process's environment
     * @return the password file the environment points at, whether or not it exists
     */
    static PgPassFile of(Map<String, String> environment) {
        String named = environment.get("PGPASSFILE");
        if (named != null && !named.isEmpty()) {
            return new PgPassFile(Path.of(named));
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return new PgPassFile(Path.of(home, ".pgpass"));
    }

    /** @return the file, for messages */
    Path file() {
        return file;
    }

    /**
     * @param address the server, database and user a password is wanted for
     * @return the password of the first line that matches, if the file exists and has one
     * @throws StateException when others may read the file, or it cannot be read
     */
    Optional<String> passwordFor(PostgresAddress address) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (!PrivateFiles.FILE_MODE.containsAll(mode)) {
                    throw new StateException("password file " + file + " can be read or written by other users (mode "
                            + PosixFilePermissions.toString(mode) + "); run chmod 600 " + file);
                }
            }
            String host = address.host();
            String[] wanted = {host, Integer.toString(address.port()), address.database(), address.user()};
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = fields(line);
                if (fields.size() == 5 && matches(fields, wanted)) {
                    return Optional.of(fields.get(4));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException("cannot read the password file " + file + " (" + e.getClass().getSimpleName()
                    + "); check its permissions, or give the password in PGPASSWORD", e);
        }
    }

    private static boolean matches(List<String> fields, String[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (!fields.get(i).equals("*") && !fields.get(i).equals(wanted[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return the line's fields, split at unescaped colons, with their escapes removed */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
