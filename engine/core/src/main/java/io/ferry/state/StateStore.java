package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite file that holds every run's journal. One connection, used under this object's lock:
 * journal writes are few and batched, so they never contend.
 */
public final class StateStore implements AutoCloseable {

    /** The schema version this code writes and reads. */
    static final int SCHEMA_VERSION = 1;

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS ferry_runs (
            id TEXT PRIMARY KEY, runbook_name TEXT NOT NULL, runbook_path TEXT, runbook_checksum TEXT,
            source_uri TEXT NOT NULL, target_uri TEXT NOT NULL, status TEXT NOT NULL, stage TEXT,
            actor TEXT NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
            options_json TEXT, summary_json TEXT, error TEXT, process_id INTEGER NOT NULL,
            key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_items (
            run_id TEXT NOT NULL, seq INTEGER NOT NULL, source_key TEXT NOT NULL, target_key TEXT NOT NULL,
            target_fold TEXT NOT NULL, action TEXT NOT NULL, reason TEXT, flags TEXT, changes TEXT,
            value_changed INTEGER, source_fp TEXT, desired_fp TEXT, desired_image BLOB, before_image BLOB,
            status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, written_version TEXT,
            PRIMARY KEY (run_id, seq))
        """,
        "CREATE INDEX IF NOT EXISTS ferry_items_status ON ferry_items (run_id, status, seq)",
        "CREATE INDEX IF NOT EXISTS ferry_items_fold ON ferry_items (run_id, target_fold)",
        "CREATE INDEX IF NOT EXISTS ferry_items_target ON ferry_items (run_id, target_key)",
        """
        CREATE TABLE IF NOT EXISTS ferry_stages (
            run_id TEXT NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, PRIMARY KEY (run_id, stage))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_steps (
            run_id TEXT NOT NULL, scope TEXT NOT NULL, step TEXT NOT NULL, seq INTEGER NOT NULL,
            batch INTEGER NOT NULL, item_key TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, error TEXT, PRIMARY KEY (run_id, scope, step))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_step_variables (
            run_id TEXT NOT NULL, scope TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (run_id, scope))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_step_items (
            run_id TEXT NOT NULL, element INTEGER NOT NULL, idx INTEGER NOT NULL, item_key TEXT NOT NULL,
            sealed BLOB NOT NULL, PRIMARY KEY (run_id, element, idx))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_migration_history (
            installed_rank INTEGER PRIMARY KEY, version TEXT, description TEXT NOT NULL, type TEXT NOT NULL,
            script TEXT NOT NULL, checksum TEXT, installed_by TEXT NOT NULL, installed_on TEXT NOT NULL,
            execution_time INTEGER NOT NULL, success INTEGER NOT NULL, run_id TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_migration_lock (
            name TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_item_versions (
            run_id TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, image BLOB NOT NULL,
            fingerprint TEXT NOT NULL, PRIMARY KEY (run_id, seq, idx))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_retry_queues (
            name TEXT PRIMARY KEY, key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL, created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_retry_items (
            queue TEXT NOT NULL, item_key TEXT NOT NULL, op TEXT NOT NULL, image BLOB, fingerprint TEXT,
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, enqueued_at TEXT NOT NULL, attempted_at TEXT,
            generation INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (queue, item_key))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_syncs (
            id TEXT PRIMARY KEY, runbook_path TEXT NOT NULL, runbook_name TEXT NOT NULL, every_seconds INTEGER NOT NULL,
            propagate_deletes INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0, cursor TEXT,
            passes INTEGER NOT NULL DEFAULT 0, process_id INTEGER NOT NULL, actor TEXT NOT NULL,
            started_at TEXT NOT NULL, updated_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_sync_passes (
            sync_id TEXT NOT NULL, pass INTEGER NOT NULL, run_id TEXT, mode TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, changed INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL,
            error TEXT, PRIMARY KEY (sync_id, pass))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_sync_marks (
            sync_id TEXT NOT NULL, source_key TEXT NOT NULL, marker TEXT, target_key TEXT, seen_pass INTEGER NOT NULL,
            PRIMARY KEY (sync_id, source_key))
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_phases (
            migration_id TEXT PRIMARY KEY, phase TEXT NOT NULL, since TEXT NOT NULL, min_match_rate REAL NOT NULL,
            window_ms INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_phase_history (
            migration_id TEXT NOT NULL, at TEXT NOT NULL, from_phase TEXT, to_phase TEXT NOT NULL, actor TEXT NOT NULL,
            reason TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_shadow_checks (
            migration_id TEXT NOT NULL, at_ms INTEGER NOT NULL, compared INTEGER NOT NULL, matched INTEGER NOT NULL,
            mismatched INTEGER NOT NULL, missing INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ferry_shadow_checks_at ON ferry_shadow_checks (migration_id, at_ms)",
        """
        CREATE TABLE IF NOT EXISTS ferry_throughput (
            run_id TEXT NOT NULL, at_ms INTEGER NOT NULL, stage TEXT NOT NULL, done INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_run_counters (
            run_id TEXT PRIMARY KEY, retries INTEGER NOT NULL DEFAULT 0, throttles INTEGER NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_restore_points (
            name TEXT PRIMARY KEY, store_uri TEXT NOT NULL, location TEXT, keys TEXT, all_versions INTEGER NOT NULL,
            key_count INTEGER NOT NULL, record_count INTEGER NOT NULL, created_at TEXT NOT NULL, run_id TEXT, role TEXT,
            complete INTEGER NOT NULL, key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS ferry_restore_point_records (
            point TEXT NOT NULL, record_key TEXT NOT NULL, idx INTEGER NOT NULL, image BLOB NOT NULL,
            PRIMARY KEY (point, record_key, idx))
        """,
        "CREATE INDEX IF NOT EXISTS ferry_restore_points_run ON ferry_restore_points (run_id)"
    };

    private final Path file;
    private final JournalKey key;
    private final Connection connection;

    private StateStore(Path file, JournalKey key, Connection connection) {
        this.file = file;
        this.key = key;
        this.connection = connection;
    }

    /**
     * Opens the state store, creating it (and its directory) when it does not exist.
     *
     * @param file the SQLite file
     * @param key the journal key
     * @return the store
     * @throws StateException when the file is not a Ferry state store
     */
    public static StateStore open(Path file, JournalKey key) {
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
                if (version > SCHEMA_VERSION) {
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
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            }
            try {
                restrictCompanions(file);
            } catch (java.io.IOException e) {
                c.close();
                throw e;
            }
            return new StateStore(file, key, c);
        } catch (SQLException e) {
            throw new StateException("state store " + file + " is not a readable SQLite file (" + firstLine(e)
                    + "); move it aside or point --state at another file", e);
        } catch (java.io.IOException e) {
            throw new StateException("cannot create the state store " + file + " or set its mode: " + e.getMessage()
                    + "; check the permissions of its directory or point --state elsewhere", e);
        }
    }

    /**
     * Sets the database file, its write-ahead log and its shared-memory file to owner-only: a state
     * store an older Ferry created with the umask's mode is tightened, and SQLite's companion files
     * follow the database file's mode.
     */
    private static void restrictCompanions(Path file) throws java.io.IOException {
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

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Starts a new run with a fresh data key.
     *
     * @param draft the run's fields; its status, times and process id are set here
     * @return the run's journal
     */
    public synchronized RunJournal createRun(RunRecord draft) {
        byte[] dataKey = Aead.randomKey();
        Instant now = Instant.now();
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO ferry_runs (id, runbook_name, runbook_path, runbook_checksum, source_uri, target_uri, status,
                  stage, actor, started_at, updated_at, options_json, process_id, key_id, wrapped_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, draft.id());
            ps.setString(2, draft.runbookName());
            ps.setString(3, draft.runbookPath());
            ps.setString(4, draft.runbookChecksum());
            ps.setString(5, draft.sourceUri());
            ps.setString(6, draft.targetUri());
            ps.setString(7, RunStatus.PLANNING.name());
            ps.setString(8, "discovery");
            ps.setString(9, draft.actor());
            ps.setString(10, now.toString());
            ps.setString(11, now.toString());
            ps.setString(12, draft.optionsJson());
            ps.setLong(13, ProcessHandle.current().pid());
            ps.setString(14, key.id());
            ps.setBytes(15, key.wrap(draft.id(), dataKey));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record the new run", e);
        }
        return new RunJournal(this, draft.id(), dataKey);
    }

    /**
     * Opens an existing run's journal.
     *
     * @param runId the run id (or a unique prefix of it)
     * @return the journal
     * @throws StateException when there is no such run or the journal key is not the one it was written with
     */
    public synchronized RunJournal openRun(String runId) {
        String id = resolveId(runId);
        try (PreparedStatement ps = connection.prepareStatement("SELECT key_id, wrapped_key FROM ferry_runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String keyId = rs.getString(1);
                if (!keyId.equals(key.id())) {
                    throw new StateException("run " + id + " was journaled under journal key " + keyId + " but "
                            + key.file() + " holds key " + key.id() + "; point " + JournalKey.FILE_VARIABLE
                            + " at the key file used when the run started");
                }
                return new RunJournal(this, id, key.unwrap(id, rs.getBytes(2)));
            }
        } catch (SQLException e) {
            throw failure("read run " + id, e);
        } catch (DecryptionException e) {
            throw new StateException("the data key of run " + id + " does not open with " + key.file()
                    + "; the state store may have been altered");
        }
    }

    /**
     * @param prefix a run id or a unique prefix of one
     * @return the full id
     */
    public synchronized String resolveId(String prefix) {
        List<String> matches = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id FROM ferry_runs WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY started_at LIMIT 3")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    matches.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("look up run " + prefix, e);
        }
        if (matches.contains(prefix)) {
            return prefix;
        }
        if (matches.isEmpty()) {
            throw new UnknownRunException("no run '" + prefix + "' is known here: none in " + file
                    + "; list runs with: ferry runs, or point --state at the state store the run was started with");
        }
        if (matches.size() > 1) {
            throw new UnknownRunException("run id '" + prefix + "' is ambiguous (" + String.join(", ", matches)
                    + "); give more of it");
        }
        return matches.get(0);
    }

    /** @return every run, newest first */
    public synchronized List<RunRecord> runs() {
        List<RunRecord> runs = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM ferry_runs ORDER BY started_at DESC, id DESC")) {
            while (rs.next()) {
                runs.add(readRun(rs));
            }
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
        return runs;
    }

    /**
     * @param runId a run id
     * @return the run, if there is one
     */
    public synchronized Optional<RunRecord> run(String runId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM ferry_runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read run " + runId, e);
        }
    }

    private static RunRecord readRun(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("id"), rs.getString("runbook_name"), rs.getString("runbook_path"),
                rs.getString("runbook_checksum"), rs.getString("source_uri"), rs.getString("target_uri"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("stage"), rs.getString("actor"),
                instant(rs.getString("started_at")), instant(rs.getString("updated_at")),
                instant(rs.getString("finished_at")), rs.getString("options_json"), rs.getString("summary_json"),
                rs.getString("error"), rs.getLong("process_id"));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    Connection connection() {
        return connection;
    }

    JournalKey key() {
        return key;
    }

    StateException failure(String what, SQLException e) {
        return new StateException("cannot " + what + " in state store " + file + ": " + firstLine(e), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
