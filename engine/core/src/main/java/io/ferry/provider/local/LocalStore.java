package io.ferry.provider.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.crypto.Aead;
import io.ferry.crypto.Argon2id;
import io.ferry.crypto.DecryptionException;
import io.ferry.crypto.KdfParams;
import io.ferry.files.PrivateFiles;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOutcome;
import io.ferry.spi.WriteRequest;
import io.ferry.spi.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One local store file seen through a key prefix: an SQLite database (WAL, synchronous=NORMAL) in
 * which every value is sealed with AES-256-GCM under a key derived from the passphrase with
 * Argon2id, with the full key name and version as associated data, so that a ciphertext moved to
 * another row does not open. Tags, content type, attributes, timestamps and expiry are stored in
 * clear (they are metadata, not secrets) but authenticated: each version row, and each key's
 * pointer to its current version, carries an HMAC under another key derived from the passphrase
 * ({@link RowMac}), and a key's current version must be its newest. A row edited or rolled back
 * outside Ferry is refused like a tampered ciphertext. A store of format 1, whose rows carried no
 * MAC, is upgraded in place when it is first opened with the right passphrase.
 *
 * <p>Opening checks, before writing anything, that the file is an SQLite database, that it is a
 * Ferry store of a format this code reads, and that the passphrase passes the key check kept in
 * the meta table. A missing or empty file becomes a new store.
 *
 * <p>Writes go through one connection under a lock, each in one short transaction; reads go
 * through a second, read-only connection, so that reading and writing do not wait for each other
 * (WAL lets them proceed together). Values are decrypted outside the locks. Thread-safe.
 */
final class LocalStore implements AutoCloseable {

    /** The file format this code writes and the newest it reads. */
    static final int FORMAT = 2;
    /** The format before rows were authenticated; upgraded on open. */
    static final int UNAUTHENTICATED_FORMAT = 1;
    /** The SQLite header's application id of a Ferry store: "FrrY". */
    static final int APPLICATION_ID = 0x46727259;

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String VALUES_PURPOSE = "ferry local store values v1";
    private static final String CHECK_PURPOSE = "ferry local store key check v1";
    private static final String ROWS_PURPOSE = "ferry local store rows v2";
    private static final int BUSY_TIMEOUT_MS = 5_000;
    /** Stays well below SQLite's limit on bound parameters in one statement. */
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private static final String SCHEMA = """
            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE secrets (
                key TEXT PRIMARY KEY,
                current_version INTEGER,
                last_version INTEGER NOT NULL,
                created_at TEXT,
                mac BLOB
            ) WITHOUT ROWID;
            CREATE TABLE versions (
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                value BLOB NOT NULL,
                content_type TEXT,
                tags TEXT NOT NULL,
                attributes TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                expires_at TEXT,
                token TEXT,
                created INTEGER NOT NULL,
                mac BLOB,
                PRIMARY KEY (key, version)
            ) WITHOUT ROWID;
            """;
    /** A version row with its key's pointer row and newest version: all a read needs to authenticate it. */
    private static final String COLUMNS = "s.key, s.created_at, v.version, %s, v.content_type, v.tags, v.attributes, "
            + "v.updated_at, v.expires_at, v.token, v.created, v.mac, s.current_version, s.last_version, s.mac, "
            + "(SELECT max(n.version) FROM versions n WHERE n.key = s.key) FROM secrets s JOIN versions v ON v.key = s.key";
    private static final String RECORD_COLUMNS = COLUMNS.formatted("v.value");
    private static final String CURRENT = RECORD_COLUMNS + " AND v.version = s.current_version";
    /** As {@link #CURRENT}, without the value, which a listing does not need. */
    private static final String SUMMARY = "SELECT " + COLUMNS.formatted("NULL") + " AND v.version = s.current_version ";

    private final Path path;
    private final String prefix;
    private final String where;
    private final Aead aead;
    private final RowMac rowMac;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final PreparedStatement selectSecret;
    private final PreparedStatement selectByToken;
    private final PreparedStatement insertVersion;
    private final PreparedStatement upsertSecret;
    private final PreparedStatement deleteVersions;
    private final PreparedStatement buryTombstone;
    private final PreparedStatement purgeTombstone;
    private final PreparedStatement readCurrent;
    private final PreparedStatement readHistory;
    private final PreparedStatement listFrom;
    private final PreparedStatement listAfter;
    private volatile boolean closed;

    private LocalStore(Path path, String prefix, StoreKeys keys, Connection writer, Connection reader) throws SQLException {
        this.path = path;
        this.prefix = prefix;
        this.where = "local store " + path + (prefix.isEmpty() ? "" : " under prefix '" + prefix + "'");
        this.aead = new Aead(keys.values());
        this.rowMac = new RowMac(keys.rows());
        this.writer = writer;
        this.reader = reader;
        begin = writer.prepareStatement("BEGIN IMMEDIATE");
        commit = writer.prepareStatement("COMMIT");
        rollback = writer.prepareStatement("ROLLBACK");
        selectSecret = writer.prepareStatement("SELECT current_version, last_version, created_at, mac, "
                + "(SELECT max(version) FROM versions WHERE key = secrets.key) FROM secrets WHERE key = ?");
        selectByToken = writer.prepareStatement("SELECT version, value, content_type, tags, attributes, expires_at, "
                + "created, updated_at, mac FROM versions WHERE key = ? AND token = ?");
        insertVersion = writer.prepareStatement("INSERT INTO versions (key, version, value, content_type, tags, "
                + "attributes, updated_at, expires_at, token, created, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        upsertSecret = writer.prepareStatement("INSERT INTO secrets (key, current_version, last_version, created_at, mac) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET current_version = excluded.current_version, "
                + "last_version = excluded.last_version, created_at = excluded.created_at, mac = excluded.mac");
        deleteVersions = writer.prepareStatement("DELETE FROM versions WHERE key = ?");
        buryTombstone = writer.prepareStatement("UPDATE secrets SET current_version = NULL, created_at = NULL, mac = ? "
                + "WHERE key = ?");
        purgeTombstone = writer.prepareStatement("DELETE FROM secrets WHERE key = ? AND current_version IS NULL");
        readCurrent = reader.prepareStatement("SELECT " + CURRENT + " WHERE s.key = ?");
        readHistory = reader.prepareStatement("SELECT " + RECORD_COLUMNS
                + " WHERE s.key = ? AND s.current_version IS NOT NULL ORDER BY v.version");
        listFrom = reader.prepareStatement(SUMMARY + "WHERE s.key >= ? ORDER BY s.key LIMIT ?");
        listAfter = reader.prepareStatement(SUMMARY + "WHERE s.key > ? ORDER BY s.key LIMIT ?");
    }

    /**
     * Opens the store at a path, creating it (and its directories) when the file is missing or
     * empty. Nothing is written to an existing file until it has been recognised as a Ferry store of
     * a readable format and the passphrase has passed the key check.
     *
     * @param path the file
     * @param prefix the prefix that keys are relative to
     * @param passphrase asked only once the file is known to need it; the array is wiped after use
     * @param wrongPassphrase what to do when the passphrase fails the key check, naming where it came from
     * @return the open store
     * @throws ProviderException naming the file and the fix when it cannot be opened
     */
    static LocalStore open(Path path, String prefix, Supplier<char[]> passphrase, String wrongPassphrase) {
        FileState state = inspect(path);
        Connection writer = null;
        Connection reader = null;
        boolean created = false;
        try (Passphrase secret = new Passphrase(passphrase)) {
            if (state == FileState.MISSING) {
                // Asked before the file exists, so that a missing passphrase leaves nothing behind.
                secret.get();
                created = createPrivateFile(path);
            }
            writer = connect(path, false);
            StoreKeys keys = state == FileState.STORE ? verify(writer, path, secret, wrongPassphrase)
                    : initialise(writer, path, secret, wrongPassphrase);
            try {
                try (Statement st = writer.createStatement()) {
                    // Deleted versions are overwritten with zeros rather than left in free pages.
                    st.execute("PRAGMA secure_delete = ON");
                    st.execute("PRAGMA journal_mode = WAL");
                    st.execute("PRAGMA synchronous = NORMAL");
                }
                if (keys.format() == UNAUTHENTICATED_FORMAT) {
                    authenticateRows(writer, new RowMac(keys.rows()));
                }
                reader = connect(path, true);
                return new LocalStore(path, prefix, keys, writer, reader);
            } finally {
                keys.wipe();
            }
        } catch (SQLException e) {
            abandon(path, created, reader, writer);
            if (lacksPermission(path)) {
                throw permission(path, "open");
            }
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "cannot open local store " + path
                    + " (" + code(e) + "); check that the file is readable and writable and not damaged", e);
        } catch (RuntimeException e) {
            abandon(path, created, reader, writer);
            throw e;
        }
    }

    /** Closes what a failed open left open and removes the file if this open created it. */
    private static void abandon(Path path, boolean created, Connection reader, Connection writer) {
        closeQuietly(reader);
        closeQuietly(writer);
        if (created) {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                try {
                    Files.deleteIfExists(Path.of(path + suffix));
                } catch (IOException e) {
                    // Best effort: a leftover empty file is taken as a new store at the next open.
                }
            }
        }
    }

    /** @return the file */
    Path path() {
        return path;
    }

    Optional<SecretRecord> read(String key) {
        List<Row> rows = reading(() -> {
            readCurrent.setString(1, prefix + key);
            return rows(readCurrent);
        });
        return rows.isEmpty() ? Optional.empty() : Optional.of(decrypt(rows.get(0)));
    }

    Map<String, SecretRecord> readBatch(Collection<String> keys) {
        List<String> unique = keys.stream().distinct().toList();
        Map<String, SecretRecord> byKey = new HashMap<>();
        for (int from = 0; from < unique.size(); from += BATCH) {
            List<String> chunk = unique.subList(from, Math.min(unique.size(), from + BATCH));
            List<Row> rows = reading(() -> {
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = reader.prepareStatement("SELECT " + CURRENT + " WHERE s.key IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, prefix + chunk.get(i));
                    }
                    return rows(select);
                }
            });
            for (Row row : rows) {
                SecretRecord record = decrypt(row);
                byKey.put(record.key(), record);
            }
        }
        Map<String, SecretRecord> ordered = new LinkedHashMap<>();
        for (String key : unique) {
            SecretRecord record = byKey.get(key);
            if (record != null) {
                ordered.put(key, record);
            }
        }
        return ordered;
    }

    List<SecretRecord> history(String key) {
        List<Row> rows = reading(() -> {
            readHistory.setString(1, prefix + key);
            return rows(readHistory);
        });
        return rows.stream().map(this::decrypt).toList();
    }

    /**
     * The current summaries whose keys start with a prefix, in key order.
     *
     * @param keyPrefix the prefix, relative to the store's
     * @param afterKey the last key already listed, or null to start at the prefix
     * @param limit the most summaries wanted
     * @return the summaries, relative keys
     */
    List<SecretSummary> list(String keyPrefix, String afterKey, int limit) {
        String full = prefix + keyPrefix;
        return reading(() -> {
            PreparedStatement select = afterKey == null ? listFrom : listAfter;
            select.setString(1, afterKey == null ? full : prefix + afterKey);
            select.setInt(2, limit);
            List<SecretSummary> found = new ArrayList<>();
            for (Row row : rows(select)) {
                // Keys under the prefix are contiguous in key order: the first one past it ends the range.
                if (!row.fullKey().startsWith(full)) {
                    break;
                }
                authenticate(row);
                found.add(new SecretSummary(row.fullKey().substring(prefix.length()), Long.toString(row.version()),
                        instant(row.updatedAt()), stringMap(row.tags(), row.fullKey()), row.contentType()));
            }
            return found;
        });
    }

    WriteResult write(SecretRecord record, WriteCondition condition, String token) {
        return writing(() -> writeVersion(record, condition, token));
    }

    /**
     * Writes several records in one transaction: one commit instead of one per record. A record
     * whose condition fails is reported and changes nothing; the others are written.
     */
    List<WriteOutcome> writeBatch(List<WriteRequest> requests) {
        return writing(() -> {
            List<WriteOutcome> outcomes = new ArrayList<>(requests.size());
            for (WriteRequest r : requests) {
                try {
                    outcomes.add(WriteOutcome.of(writeVersion(r.record(), r.condition(), r.options().idempotencyToken())));
                } catch (ProviderException e) {
                    outcomes.add(WriteOutcome.failed(e));
                }
            }
            return outcomes;
        });
    }

    /** Adds a version inside the caller's transaction; throws before changing anything when the condition fails. */
    private WriteResult writeVersion(SecretRecord record, WriteCondition condition, String token) throws SQLException {
        String key = record.key();
        String full = prefix + key;
        Current current = current(full);
        if (token != null && current.live()) {
            WriteResult retried = retried(record, full, token);
            if (retried != null) {
                return retried;
            }
        }
        condition.requireMet(key, current.live() ? Long.toString(current.version()) : null, where);
        long version = current.lastVersion() + 1;
        Instant now = Instant.now();
        Instant createdAt = current.live() ? current.createdAt() : now;
        byte[] plaintext = record.value().bytes();
        try {
            insertVersion.setString(1, full);
            insertVersion.setLong(2, version);
            insertVersion.setBytes(3, aead.seal(plaintext, associatedData(full, version)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        String tags = json(record.tags());
        String attributes = json(record.attributes());
        String updatedAt = now.toString();
        String expiresAt = record.expiresAt() == null ? null : record.expiresAt().toString();
        int created = current.live() ? 0 : 1;
        insertVersion.setString(4, record.contentType());
        insertVersion.setString(5, tags);
        insertVersion.setString(6, attributes);
        insertVersion.setString(7, updatedAt);
        insertVersion.setString(8, expiresAt);
        insertVersion.setString(9, token);
        insertVersion.setInt(10, created);
        insertVersion.setBytes(11, rowMac.version(full, version, record.contentType(), tags, attributes, updatedAt,
                expiresAt, token, created));
        insertVersion.executeUpdate();
        upsertSecret.setString(1, full);
        upsertSecret.setLong(2, version);
        upsertSecret.setLong(3, version);
        upsertSecret.setString(4, createdAt.toString());
        upsertSecret.setBytes(5, rowMac.pointer(full, version, version, createdAt.toString()));
        upsertSecret.executeUpdate();
        return new WriteResult(Long.toString(version), !current.live());
    }

    boolean delete(String key, String ifVersion) {
        String full = prefix + key;
        return writing(() -> {
            Current current = current(full);
            if (!current.live()) {
                return false;
            }
            if (ifVersion != null && !ifVersion.equals(Long.toString(current.version()))) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, key, "'" + key + "' is at version "
                        + current.version() + " in " + where + ", not " + ifVersion
                        + "; it changed since it was read, so it was not deleted: read it again");
            }
            deleteVersions.setString(1, full);
            deleteVersions.executeUpdate();
            // The row stays, holding the last version number, so that re-creating the key never
            // reuses a version id an if-version write may have been planned against.
            buryTombstone.setBytes(1, rowMac.pointer(full, null, current.lastVersion(), null));
            buryTombstone.setString(2, full);
            buryTombstone.executeUpdate();
            return true;
        });
    }

    /**
     * Removes the tombstone of a deleted key, for probes that must leave no trace.
     *
     * @param key a key that has just been deleted
     */
    void purge(String key) {
        writing(() -> {
            purgeTombstone.setString(1, prefix + key);
            return purgeTombstone.executeUpdate();
        });
    }

    /** @return where this store is, for messages */
    String where() {
        return where;
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // The writer closes last so that, as the last connection, it checkpoints and removes the WAL.
            closeQuietly(reader);
            closeQuietly(writer);
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LocalStore[" + where + "]";
    }

    private Current current(String full) throws SQLException {
        selectSecret.setString(1, full);
        try (ResultSet rs = selectSecret.executeQuery()) {
            if (!rs.next()) {
                return new Current(0, 0, null);
            }
            long version = rs.getLong(1);
            boolean live = !rs.wasNull();
            long lastVersion = rs.getLong(2);
            String createdAt = rs.getString(3);
            long newest = rs.getLong(5);
            boolean hasVersions = !rs.wasNull();
            if (!RowMac.matches(rowMac.pointer(full, live ? version : null, lastVersion, createdAt), rs.getBytes(4))
                    || (live ? newest != version : hasVersions)) {
                throw altered(full);
            }
            return new Current(live ? version : 0, lastVersion, live ? instant(createdAt) : null);
        }
    }

    /**
     * @return the result of the earlier write with this token when it wrote the same data, or null
     *     when the token is new
     * @throws ProviderException when the token was used for different data
     */
    private WriteResult retried(SecretRecord record, String full, String token) throws SQLException {
        selectByToken.setString(1, full);
        selectByToken.setString(2, token);
        try (ResultSet rs = selectByToken.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long version = rs.getLong(1);
            if (!RowMac.matches(rowMac.version(full, version, rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(8), rs.getString(6), token, rs.getInt(7)), rs.getBytes(9))) {
                throw altered(full);
            }
            byte[] stored = open(rs.getBytes(2), full, record.key(), version);
            boolean same;
            try {
                same = MessageDigest.isEqual(stored, record.value().bytes())
                        && Objects.equals(rs.getString(3), record.contentType())
                        && stringMap(rs.getString(4), full).equals(record.tags())
                        && stringMap(rs.getString(5), full).equals(record.attributes())
                        && Objects.equals(instant(rs.getString(6)), record.expiresAt());
            } finally {
                Arrays.fill(stored, (byte) 0);
            }
            if (!same) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, record.key(), "the idempotency token of this "
                        + "write to '" + record.key() + "' in " + where + " was already used for different data (version "
                        + version + "); give each distinct write its own token");
            }
            return new WriteResult(Long.toString(version), rs.getInt(7) == 1);
        }
    }

    private SecretRecord decrypt(Row row) {
        authenticate(row);
        String key = row.fullKey().substring(prefix.length());
        byte[] plaintext = open(row.envelope(), row.fullKey(), key, row.version());
        return SecretRecord.builder(key)
                .value(SecretValue.ofOwnedBytes(plaintext))
                .contentType(row.contentType())
                .tags(stringMap(row.tags(), row.fullKey()))
                .attributes(stringMap(row.attributes(), row.fullKey()))
                .version(Long.toString(row.version()))
                .createdAt(instant(row.createdAt()))
                .updatedAt(instant(row.updatedAt()))
                .expiresAt(instant(row.expiresAt()))
                .build();
    }

    private byte[] open(byte[] envelope, String full, String key, long version) {
        try {
            return aead.open(envelope, associatedData(full, version));
        } catch (DecryptionException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, key, "cannot decrypt '" + key + "' version "
                    + version + " in " + where + ": its ciphertext was changed or belongs to another row; restore the "
                    + "file from a backup", false, null, null);
        }
    }

    /**
     * Checks a row read with its key's pointer row: both MACs match what Ferry wrote, and the key's
     * current version is its newest, so that a pointer rolled back to an earlier version is refused.
     */
    private void authenticate(Row row) {
        boolean pointer = RowMac.matches(rowMac.pointer(row.fullKey(), row.currentVersion(), row.lastVersion(),
                row.createdAt()), row.pointerMac());
        boolean version = RowMac.matches(rowMac.version(row.fullKey(), row.version(), row.contentType(), row.tags(),
                row.attributes(), row.updatedAt(), row.expiresAt(), row.token(), row.created()), row.versionMac());
        if (!pointer || !version || row.currentVersion() == null || row.newestVersion() != row.currentVersion()) {
            throw altered(row.fullKey());
        }
    }

    private ProviderException altered(String full) {
        String key = full.substring(prefix.length());
        return new ProviderException(ProviderException.Kind.INVALID, key, "'" + key + "' in " + where + " was altered "
                + "outside Ferry: its tags, content type, expiry, attributes or current version no longer match what "
                + "Ferry wrote; restore the file from a backup", false, null, null);
    }

    /** Binds a ciphertext to its row: the full key, a NUL (which keys cannot contain) and the version. */
    private static byte[] associatedData(String full, long version) {
        return Aead.ad(full + '\0' + version);
    }

    private static List<Row> rows(PreparedStatement select) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long current = rs.getLong(13);
                Long currentVersion = rs.wasNull() ? null : current;
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getInt(11), rs.getBytes(12), currentVersion, rs.getLong(14), rs.getBytes(15), rs.getLong(16)));
            }
        }
        return rows;
    }

    private <T> T reading(SqlWork<T> work) {
        readLock.lock();
        try {
            ensureOpen();
            return work.run();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            readLock.unlock();
        }
    }

    private <T> T writing(SqlWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            begin.execute();
            T result;
            try {
                result = work.run();
            } catch (SQLException | RuntimeException e) {
                try {
                    rollback.execute();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            commit.execute();
            return result;
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, where
                    + " is closed; open the provider again", false, null, null);
        }
    }

    private ProviderException failure(SQLException e) {
        if (e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || s.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED)) {
            return new ProviderException(ProviderException.Kind.UNAVAILABLE, null, where + " is locked by another "
                    + "process for longer than " + BUSY_TIMEOUT_MS + " ms; retry when it has finished", e);
        }
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, null, where + " failed (" + code(e) + ")"
                + "; check the file's permissions, the free disk space, and that it is not damaged", e);
    }

    /** SQLite's result code ({@code SQLITE_FULL}) names what failed; its message is not quoted, as it may carry bound data. */
    private static String code(SQLException e) {
        return e instanceof SQLiteException s ? s.getResultCode().name() : "SQL state " + e.getSQLState();
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }

    private Map<String, String> stringMap(String json, String full) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, full.substring(prefix.length()),
                    "the metadata of '" + full.substring(prefix.length()) + "' in " + where
                            + " is not valid JSON; restore the file from a backup", false, null, null);
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** What is at a store's path before it is opened. */
    private enum FileState {
        /** Nothing: a new store is created there. */
        MISSING,
        /** An empty file: a new store is created in it. */
        EMPTY,
        /** An SQLite file, to be recognised as a store before anything is written. */
        STORE
    }

    private static FileState inspect(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw invalid(path + " is a directory; give local: the path of a store file, for example local:secrets.db");
            }
            if (!Files.exists(path)) {
                return FileState.MISSING;
            }
            if (Files.size(path) == 0) {
                return FileState.EMPTY;
            }
            checkHeader(path);
            return FileState.STORE;
        } catch (AccessDeniedException e) {
            throw permission(path, "read");
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "cannot read local store " + path
                    + ": " + e + "; check the path and its permissions", false, null, null);
        }
    }

    /**
     * Creates the file (mode 0600) and its missing directories (mode 0700), whatever the umask;
     * SQLite gives its WAL and shared-memory files the file's mode.
     *
     * @return whether this call created the file (false when another process just did)
     */
    private static boolean createPrivateFile(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.createDirectories(parent);
            }
            PrivateFiles.createFile(path);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (AccessDeniedException e) {
            // Creating a file or a directory needs write permission on the directory it goes in.
            Path denied = Path.of(e.getFile()).toAbsolutePath();
            Path where = denied.getParent();
            throw new ProviderException(ProviderException.Kind.DENIED, null, "cannot create local store " + path
                    + ": permission denied to create " + denied + " (" + where + " is not writable by this user); "
                    + "make " + where + " writable by the user ferry runs as, or give local: a path in a directory it can write",
                    false, null, null);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "cannot create local store " + path
                    + ": " + e + "; check that its directory can be created and written", false, null, null);
        }
    }

    private static void checkHeader(Path path) throws IOException {
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(header, 0, header.length);
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
            throw invalid(path + " is not a Ferry local store (it is not an SQLite database); point local: at a "
                    + "Ferry store, or at a path where a new one should be created");
        }
    }

    private static Connection connect(Path path, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setReadOnly(readOnly);
        return config.createConnection("jdbc:sqlite:" + path);
    }

    /** Creates the schema and the key material of a new store, unless another process just did. */
    private static StoreKeys initialise(Connection c, Path path, Passphrase passphrase, String wrongPassphrase)
            throws SQLException {
        // Derived before the transaction, so that the file is not locked while a person types.
        KdfParams params = KdfParams.defaults();
        byte[] master = derive(passphrase, params);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("BEGIN IMMEDIATE");
            boolean empty;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                empty = rs.next() && rs.getInt(1) == 0;
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
            if (!empty) {
                st.execute("ROLLBACK");
                return verify(c, path, passphrase, wrongPassphrase);
            }
            try {
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        st.executeUpdate(ddl);
                    }
                }
                st.execute("PRAGMA application_id = " + APPLICATION_ID);
                try (PreparedStatement meta = c.prepareStatement("INSERT INTO meta (name, value) VALUES (?, ?)")) {
                    for (Map.Entry<String, String> row : Map.of(
                            "format", Integer.toString(FORMAT),
                            "kdf", params.encode(),
                            "key_check", Base64.getEncoder().encodeToString(Aead.subkey(master, CHECK_PURPOSE)),
                            "created_at", Instant.now().toString()).entrySet()) {
                        meta.setString(1, row.getKey());
                        meta.setString(2, row.getValue());
                        meta.executeUpdate();
                    }
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(st, e);
                throw e;
            }
            return StoreKeys.derive(master, FORMAT);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** Recognises a Ferry store and checks the passphrase, reading only. */
    private static StoreKeys verify(Connection c, Path path, Passphrase passphrase, String wrongPassphrase) {
        Map<String, String> meta = new HashMap<>();
        try (Statement st = c.createStatement()) {
            int applicationId;
            try (ResultSet rs = st.executeQuery("PRAGMA application_id")) {
                applicationId = rs.next() ? rs.getInt(1) : 0;
            }
            if (applicationId != APPLICATION_ID) {
                throw foreign(path);
            }
            try (ResultSet rs = st.executeQuery("SELECT name, value FROM meta")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            // A store SQLite cannot open for want of permissions looks like one without Ferry's tables.
            if (lacksPermission(path)) {
                throw permission(path, "open");
            }
            throw foreign(path);
        }
        int format;
        try {
            format = Integer.parseInt(meta.get("format"));
        } catch (NumberFormatException e) {
            throw foreign(path);
        }
        if (format > FORMAT) {
            throw invalid(path + " is a Ferry local store of format " + format + ", newer than this Ferry reads (format "
                    + FORMAT + "); upgrade Ferry to open it");
        }
        KdfParams params;
        byte[] expected;
        try {
            params = KdfParams.decode(meta.get("kdf"));
            expected = Base64.getDecoder().decode(Objects.requireNonNull(meta.get("key_check")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(path + " is a damaged Ferry local store (its key parameters are missing or unreadable); "
                    + "restore it from a backup");
        }
        try {
            params.checkLimits();
        } catch (IllegalArgumentException e) {
            throw invalid(path + " asks for " + e.getMessage() + "; it was altered or not written by Ferry: restore it "
                    + "from a backup");
        }
        OptionalLong free = params.memoryShortfall();
        if (free.isPresent()) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "local store " + path + " needs "
                    + params.memoryKib() + " KiB of memory to derive its key, more than the " + free.getAsLong()
                    + " KiB this JVM has free; give Java more memory with -Xmx (for example in JAVA_TOOL_OPTIONS)",
                    false, null, null);
        }
        byte[] master = derive(passphrase, params);
        try {
            if (!MessageDigest.isEqual(expected, Aead.subkey(master, CHECK_PURPOSE))) {
                throw new ProviderException(ProviderException.Kind.DENIED, null, "wrong passphrase for local store "
                        + path + ": the key check failed; " + wrongPassphrase);
            }
            return StoreKeys.derive(master, format);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /**
     * Upgrades a store of format 1 to format 2: adds the MAC columns and authenticates every row as
     * it is now, in one transaction. Values are sealed as before, so none is decrypted or rewritten.
     * Another process may have upgraded it meanwhile: the format is read again inside the transaction.
     */
    private static void authenticateRows(Connection c, RowMac mac) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE name = 'format'")) {
                    if (!rs.next() || !Integer.toString(UNAUTHENTICATED_FORMAT).equals(rs.getString(1))) {
                        st.execute("ROLLBACK");
                        return;
                    }
                }
                st.executeUpdate("ALTER TABLE secrets ADD COLUMN mac BLOB");
                st.executeUpdate("ALTER TABLE versions ADD COLUMN mac BLOB");
                try (ResultSet rs = st.executeQuery("SELECT key, version, content_type, tags, attributes, updated_at, "
                        + "expires_at, token, created FROM versions");
                     PreparedStatement update = c.prepareStatement("UPDATE versions SET mac = ? WHERE key = ? AND version = ?")) {
                    while (rs.next()) {
                        update.setBytes(1, mac.version(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)));
                        update.setString(2, rs.getString(1));
                        update.setLong(3, rs.getLong(2));
                        update.executeUpdate();
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT key, current_version, last_version, created_at FROM secrets");
                     PreparedStatement update = c.prepareStatement("UPDATE secrets SET mac = ? WHERE key = ?")) {
                    while (rs.next()) {
                        long current = rs.getLong(2);
                        Long currentVersion = rs.wasNull() ? null : current;
                        update.setBytes(1, mac.pointer(rs.getString(1), currentVersion, rs.getLong(3), rs.getString(4)));
                        update.setString(2, rs.getString(1));
                        update.executeUpdate();
                    }
                }
                st.executeUpdate("UPDATE meta SET value = '" + FORMAT + "' WHERE name = 'format'");
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(st, e);
                throw e;
            }
        }
    }

    private static byte[] derive(Passphrase passphrase, KdfParams params) {
        return Argon2id.deriveKey(passphrase.get(), params);
    }

    /**
     * @return whether this user lacks a permission SQLite needs to use the store: reading and writing
     *     the file, and writing its directory, where the -wal and -shm files go
     */
    private static boolean lacksPermission(Path path) {
        Path file = path.toAbsolutePath();
        Path dir = file.getParent();
        return !Files.isReadable(file) || !Files.isWritable(file) || dir != null && !Files.isWritable(dir);
    }

    /** The store's file or directory lacks a permission for this user: which one, and the fix. */
    private static ProviderException permission(Path path, String doing) {
        Path file = path.toAbsolutePath();
        Path dir = file.getParent();
        String why;
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            why = "the file is not " + (Files.isReadable(file) ? "writable" : "readable") + " by this user; make it "
                    + "readable and writable by the user ferry runs as (for example chmod u+rw " + file + " as its owner)";
        } else if (dir != null && !Files.isWritable(dir)) {
            why = "its directory " + dir + " is not writable by this user, and SQLite keeps the store's -wal and -shm "
                    + "files beside it; make the directory writable by the user ferry runs as, or move the store to one that is";
        } else {
            why = "permission denied; check the permissions of " + file + " and of its directory";
        }
        return new ProviderException(ProviderException.Kind.DENIED, null, "cannot " + doing + " local store " + file
                + ": " + why, false, null, null);
    }

    private static ProviderException foreign(Path path) {
        return invalid(path + " is an SQLite database but not a Ferry local store (no Ferry meta table); point local: "
                + "at a Ferry store, or at a path where a new one should be created");
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ProviderException.Kind.INVALID, null, message, false, null, null);
    }

    private static void rollbackQuietly(Statement st, Exception cause) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // Closing is best effort: the connection is abandoned either way, and nothing is left uncommitted.
        }
    }

    /** Asks for the passphrase at most once, when first needed, and wipes it on close. */
    private static final class Passphrase implements AutoCloseable {
        private final Supplier<char[]> source;
        private char[] value;

        Passphrase(Supplier<char[]> source) {
            this.source = source;
        }

        char[] get() {
            if (value == null) {
                value = source.get();
            }
            return value;
        }

        @Override
        public void close() {
            if (value != null) {
                Arrays.fill(value, '\0');
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** The state of a key before a write: its current version (0 when absent) and the last version number. */
    private record Current(long version, long lastVersion, Instant createdAt) {
        boolean live() {
            return version > 0;
        }
    }

    /** One stored version as read, still sealed, with its MAC, its key's pointer row and its key's newest version. */
    private record Row(String fullKey, String createdAt, long version, byte[] envelope, String contentType,
                       String tags, String attributes, String updatedAt, String expiresAt, String token, int created,
                       byte[] versionMac, Long currentVersion, long lastVersion, byte[] pointerMac, long newestVersion) {
    }

    /** The keys derived from the passphrase, and the format the file was in when opened. */
    private record StoreKeys(byte[] values, byte[] rows, int format) {
        static StoreKeys derive(byte[] master, int format) {
            return new StoreKeys(Aead.subkey(master, VALUES_PURPOSE), Aead.subkey(master, ROWS_PURPOSE), format);
        }

        void wipe() {
            Arrays.fill(values, (byte) 0);
            Arrays.fill(rows, (byte) 0);
        }
    }
}
