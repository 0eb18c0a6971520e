package io.ferry.state;

import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteDataSource;

/**
 * A state store in one SQLite file, used through one connection: the file and its companions
 * owner-only, write-ahead logging, waits for a busy file, the schema version in
 * {@code user_version} (which every Ferry reads, older ones included), and SQLite's spelling of the
 * statements {@link Dialect} names.
 */
final class SqliteDialect implements Dialect {

    /** How long a statement waits for another process's write to the file. */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private Connection connection;

    /** @param file the SQLite file, created (with its directory) when it does not exist */
    SqliteDialect(Path file) {
        this.file = file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public void open() {
        boolean existed = Files.exists(file);
        try {
            if (!existed) {
                // Created here, readable by its owner only, rather than by SQLite with the umask's mode;
                // SQLite gives the -wal and -shm files the mode of the database file.
                PrivateFiles.createFileIfMissing(file);
            }
            Connection c = connect();
            try {
                if (checkVersion(c, existed) < StateSchema.VERSION) {
                    // Flyway migrates on its own connection; this one opens again once the schema is current.
                    c.close();
                    migrate();
                    c = connect();
                }
                try (Statement s = c.createStatement()) {
                    // Deleted journal rows are overwritten with zeros rather than left in free pages.
                    s.execute("PRAGMA secure_delete = ON");
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = NORMAL");
                    // Fewer, larger checkpoints: each one syncs the file, and journal batches are large.
                    s.execute("PRAGMA wal_autocheckpoint = 8000");
                    // A first read creates the write-ahead log and its index, whose modes are set next.
                    userVersion(s);
                }
                restrictCompanions();
            } catch (RuntimeException | SQLException | IOException e) {
                c.close();
                throw e;
            }
            connection = c;
        } catch (SQLException e) {
            throw new StateException("state store " + file + " is not a readable SQLite file (" + describe(e)
                    + "); move it aside or point --state at another file", e);
        } catch (IOException e) {
            throw new StateException("cannot create the state store " + file + " or set its mode: " + e.getMessage()
                    + "; check the permissions of its directory or point --state elsewhere", e);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * @return the store's schema version
     * @throws StateException when the file is not a Ferry state store or a newer Ferry wrote it
     */
    private int checkVersion(Connection c, boolean existed) throws SQLException {
        int version;
        try (Statement s = c.createStatement()) {
            version = userVersion(s);
        }
        // A store whose schema another process is migrating at this moment has the history table already.
        if (existed && version == 0 && hasTables(c) && !hasTable(c, StateSchema.HISTORY_TABLE)) {
            throw new StateException("state store " + file + " is a SQLite file but not a Ferry state store; "
                    + "point --state at another file");
        }
        if (version > StateSchema.VERSION) {
            throw StateSchema.newer(location(), version);
        }
        return version;
    }

    /**
     * Brings the store to the current version. Each migration sets {@code user_version} in its own
     * transaction; when another process opening the same store migrated it first, this one's attempt
     * fails and the version read again says the store is ready.
     */
    private void migrate() throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url());
        dataSource.getConfig().setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            StateSchema.migrate(dataSource, "sqlite");
        } catch (FlywayException e) {
            if (versionNow() != StateSchema.VERSION) {
                throw new StateException("cannot bring state store " + file + " to state schema version " + StateSchema.VERSION
                        + " (" + describe(StateSchema.cause(e)) + "); restore it from a backup or point --state at another file", e);
            }
        }
    }

    private int versionNow() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return userVersion(s);
        }
    }

    private static int userVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    private String url() {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    @Override
    public Connection borrow() {
        return connection;
    }

    @Override
    public void release(Connection c) {
        // The one connection stays open until the store closes.
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StateException("cannot close state store " + file + ": " + describe(e), e);
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

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1) > 0;
            }
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
        return Dialect.firstLine(e).replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
    }
}
