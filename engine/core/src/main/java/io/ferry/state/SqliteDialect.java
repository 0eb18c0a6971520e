package io.ferry.state;

import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A state store in one SQLite file: the file and its companions owner-only, write-ahead logging,
 * waits for a busy file, the schema version in {@code user_version}, and SQLite's spelling of the
 * statements {@link Dialect} names.
 */
final class SqliteDialect implements Dialect {

    private final Path file;

    /** @param file the SQLite file, created (with its directory) when it does not exist */
    SqliteDialect(Path file) {
        this.file = file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Connection connect(List<String> schema, int schemaVersion) {
        boolean existed = Files.exists(file);
        try {
            if (!existed) {
                // Created here, readable by its owner only, rather than by SQLite with the umask's mode;
                // SQLite gives the -wal and -shm files the mode of the database file.
                PrivateFiles.createFileIfMissing(file);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.getInt(1);
                }
                if (existed && version == 0 && hasTables(c)) {
                    c.close();
                    throw new StateException("state store " + file + " is a SQLite file but not a Ferry state store; "
                            + "point --state at another file");
                }
                if (version > schemaVersion) {
                    c.close();
                    throw new StateException("state store " + file + " was written by a newer Ferry (schema " + version
                            + "); upgrade Ferry to read it");
                }
                // Deleted journal rows are overwritten with zeros rather than left in free pages.
                s.execute("PRAGMA secure_delete = ON");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                // Fewer, larger checkpoints: each one syncs the file, and journal batches are large.
                s.execute("PRAGMA wal_autocheckpoint = 8000");
                for (String ddl : schema) {
                    s.execute(ddl);
                }
                s.execute("PRAGMA user_version = " + schemaVersion);
            }
            try {
                restrictCompanions();
            } catch (IOException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new StateException("state store " + file + " is not a readable SQLite file (" + describe(e)
                    + "); move it aside or point --state at another file", e);
        } catch (IOException e) {
            throw new StateException("cannot create the state store " + file + " or set its mode: " + e.getMessage()
                    + "; check the permissions of its directory or point --state elsewhere", e);
        }
    }

    /**
     * Sets the database file, its write-ahead log and its shared-memory file to owner-only: a state
     * store an older Ferry created with the umask's mode is tightened, and SQLite's companion files
     * follow the database file's mode.
     */
    private void restrictCompanions() throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            PrivateFiles.restrict(Path.of(file.toAbsolutePath() + suffix));
        }
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            return rs.getInt(1) > 0;
        }
    }

    @Override
    public String insertOrIgnore(String table, String columns) {
        return "INSERT OR IGNORE INTO " + table + " (" + columns + ") VALUES (" + Database.marks(columns.split(",").length) + ")";
    }

    @Override
    public String greatest(String a, String b) {
        return "max(" + a + ", " + b + ")";
    }

    @Override
    public String joinWithUnitSeparator(String expression) {
        return "group_concat(" + expression + ", char(31))";
    }

    @Override
    public String insertionOrder() {
        return "rowid";
    }

    @Override
    public String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
    }
}
