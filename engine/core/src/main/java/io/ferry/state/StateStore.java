package io.ferry.state;

import io.ferry.crypto.Aead;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state store: the one way into everything Ferry journals. Runs (and through them their items,
 * procedure steps and progress), syncs, cutover phases, retry queues and the runbook history and
 * lock are each obtained here, through one {@link Database} whose lock keeps a transaction whole. The
 * tables are in one SQLite file or in a PostgreSQL database ({@link StateLocation}); what is particular
 * to each is kept in its {@link Dialect}, and the schema in {@link StateSchema}'s versioned migrations.
 */
public final class StateStore implements AutoCloseable {

    private final StateLocation location;
    private final JournalKey key;
    private final Database db;
    private final RunDao runs;

    private StateStore(StateLocation location, JournalKey key, Database db) {
        this.location = location;
        this.key = key;
        this.db = db;
        this.runs = new RunDao(db);
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
        return open(StateLocation.file(file), key);
    }

    /**
     * Opens the state store, creating it when it does not exist and bringing its schema to this
     * Ferry's version when it is behind.
     *
     * @param location a SQLite file or a PostgreSQL database
     * @param key the journal key
     * @return the store
     * @throws StateException when the store cannot be reached or used, or a newer Ferry wrote it
     */
    public static StateStore open(StateLocation location, JournalKey key) {
        return new StateStore(location, key, new Database(location.dialect()));
    }

    /** @return the restore points this store keeps */
    public RestorePointTable restorePoints() {
        return new RestorePointTable(db, key);
    }

    /** @return where the store is */
    public StateLocation location() {
        return location;
    }

    /**
     * Starts a new run with a fresh data key.
     *
     * @param draft the run's fields; its status, times and process id are set here
     * @return the run's journal
     */
    public RunJournal createRun(RunRecord draft) {
        byte[] dataKey = Aead.randomKey();
        runs.insert(draft, RunStatus.PLANNING, RunStage.DISCOVERY,
                new WrappedKey(key.id(), key.wrap(draft.id(), dataKey)));
        return new RunJournal(db, draft.id(), dataKey);
    }

    /**
     * Opens an existing run's journal.
     *
     * @param runId the run id (or a unique prefix of it)
     * @return the journal
     * @throws StateException when there is no such run or the journal key is not the one it was written with
     */
    public RunJournal openRun(String runId) {
        String id = resolveId(runId);
        WrappedKey stored = runs.key(id);
        return new RunJournal(db, id, key.openDataKey("run " + id, "journaled", "the run started", id, stored.keyId(),
                stored.wrapped()));
    }

    /**
     * @param prefix a run id or a unique prefix of one
     * @return the full id
     * @throws UnknownRunException when no run, or more than one, has an id that begins so
     */
    public String resolveId(String prefix) {
        List<String> matches = runs.idsStartingWith(prefix);
        if (matches.isEmpty()) {
            throw new UnknownRunException("no run '" + prefix + "' is known here: none in " + location
                    + "; list runs with: ferry runs, or point --state at the state store the run was started with");
        }
        if (matches.size() > 1) {
            throw new UnknownRunException("run id '" + prefix + "' is ambiguous (" + String.join(", ", matches)
                    + "); give more of it");
        }
        return matches.get(0);
    }

    /** @return every run, newest first */
    public List<RunRecord> runs() {
        return runs.all();
    }

    /**
     * @param runId a run id
     * @return the run, if there is one
     */
    public Optional<RunRecord> run(String runId) {
        return runs.find(runId);
    }

    /**
     * Journals a new sync.
     *
     * @param id its id
     * @param runbookPath the runbook file
     * @param runbookName the runbook's name
     * @param every the wait between passes
     * @param propagateDeletes whether deletions are carried over
     * @param actor who starts it
     * @return its journal
     */
    public SyncJournal createSync(String id, String runbookPath, String runbookName, Duration every,
                                  boolean propagateDeletes, String actor) {
        new SyncDao(db).insert(id, runbookPath, runbookName, every, propagateDeletes, actor);
        return new SyncJournal(db, id);
    }

    /**
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return its journal, or empty when there is no such sync
     * @throws StateException when the prefix is ambiguous
     */
    public Optional<SyncJournal> findSync(String idOrPrefix) {
        List<String> ids = db.idsStartingWith("sync", "ferry_syncs", "id", "started_at", idOrPrefix);
        if (ids.size() > 1) {
            throw new StateException("sync id '" + idOrPrefix + "' is ambiguous (" + String.join(", ", ids) + "); give more of it");
        }
        return ids.stream().findFirst().map(id -> new SyncJournal(db, id));
    }

    /** @return the cutover phases of every run and sync, and their shadow-read checks */
    public PhaseJournal phases() {
        return new PhaseJournal(db);
    }

    /**
     * Opens a retry queue, creating it with a fresh data key the first time.
     *
     * @param name the queue's name, for example the migration it serves
     * @return the queue
     * @throws StateException when the journal key is not the one the queue was created with
     */
    public RetryQueue retryQueue(String name) {
        Objects.requireNonNull(name, "name");
        RetryQueueDao queues = new RetryQueueDao(db);
        String wrapId = "queue:" + name;
        return db.inTransaction("open retry queue " + name, () -> {
            Optional<WrappedKey> found = queues.key(name);
            if (found.isEmpty()) {
                byte[] dataKey = Aead.randomKey();
                queues.insert(name, new WrappedKey(key.id(), key.wrap(wrapId, dataKey)));
                return new RetryQueue(db, name, dataKey);
            }
            return new RetryQueue(db, name, key.openDataKey("retry queue " + name, "created", "the queue was created",
                    wrapId, found.get().keyId(), found.get().wrapped()));
        });
    }

    /** @return the writes owed across every retry queue in the store */
    public long pendingRetries() {
        return new RetryItemDao(db).countAll();
    }

    /** @return the history of versioned runbooks run against this store */
    public MigrationHistory migrationHistory() {
        return new MigrationHistory(db);
    }

    /**
     * @param self this process, as its leases name it
     * @param duration how long a lease lasts unless renewed
     * @param clock the clock leases are judged by
     * @return the leases on runs and on the migration lock, taken as {@code self}
     */
    public Leases leases(ProcessIdentity self, Duration duration, Clock clock) {
        return new Leases(new LeaseTable(db), self, duration, clock);
    }

    @Override
    public void close() {
        db.close();
    }
}
