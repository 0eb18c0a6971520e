package io.ferry.provider.memory;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.ChangeFeed;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderException;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The data of one memory store, which several {@link MemoryProvider}s may share: secrets by identity
 * (the key, or its lower case where the emulated store ignores case), each with its version history.
 *
 * <p>Reads are lock-free on immutable entries; writes and deletes take one lock so that a
 * condition and the write it guards are atomic. A deleted secret leaves a tombstone holding only
 * its last version number, so that a secret deleted and created again never reuses a version id
 * (an if-version write planned against the old secret must not succeed against the new one).
 * Where the store emulates soft delete, a deleted secret keeps its versions, hidden, until it is
 * recovered or purged, and its name cannot be written meanwhile.
 */
final class MemoryStore {

    private final Constraints constraints;
    private final String emulation;
    private final boolean softDelete;
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final Object writeLock = new Object();
    /** The latest changes, for the change feed; older ones are forgotten, as a watch's history is. */
    private final ArrayDeque<Logged> changeLog = new ArrayDeque<>();
    private final int changeLogLimit;
    private long changeSeq;

    /**
     * @param constraints the rules writes must satisfy, including whether names ignore case
     * @param emulation the emulated store's name, or null
     * @param softDelete whether a delete keeps the secret recoverable, as Azure Key Vault and AWS do
     * @param changeLogLimit how many of the latest changes the change feed keeps
     */
    MemoryStore(Constraints constraints, String emulation, boolean softDelete, int changeLogLimit) {
        this.constraints = constraints;
        this.emulation = emulation;
        this.softDelete = softDelete;
        this.changeLogLimit = changeLogLimit;
    }

    boolean softDelete() {
        return softDelete;
    }
    private record Logged(long seq, ChangeFeed.Change change) {
    }

    private void logChange(String key, boolean deleted) {
        changeLog.addLast(new Logged(++changeSeq, new ChangeFeed.Change(key, deleted)));
        while (changeLog.size() > changeLogLimit) {
            changeLog.removeFirst();
        }
    }

    long changeSeq() {
        synchronized (writeLock) {
            return changeSeq;
        }
    }

    /**
     * @param after the last change already seen
     * @param limit the most changes wanted
     * @return the changes after it
     * @throws ChangeFeed.CursorExpiredException when changes after it were forgotten
     */
    ChangeFeed.Changes changesSince(long after, int limit) {
        synchronized (writeLock) {
            long oldestKept = changeLog.isEmpty() ? changeSeq + 1 : changeLog.peekFirst().seq();
            if (after + 1 < oldestKept) {
                throw new ChangeFeed.CursorExpiredException("the memory store keeps its last " + changeLogLimit
                        + " changes, and those after change " + after + " are no longer among them");
            }
            List<ChangeFeed.Change> found = new ArrayList<>();
            long last = after;
            for (Logged logged : changeLog) {
                if (logged.seq() > after) {
                    if (found.size() == limit) {
                        return new ChangeFeed.Changes(found, Long.toString(last), true);
                    }
                    found.add(logged.change());
                    last = logged.seq();
                }
            }
            return new ChangeFeed.Changes(found, Long.toString(Math.max(last, changeSeq)), false);
        }
    }

    Constraints constraints() {
        return constraints;
    }

    String emulation() {
        return emulation;
    }

    /** @return the identity under which a key is stored: two keys with one identity are one secret */
    String identity(String key) {
        return constraints.fold(key);
    }

    Optional<SecretRecord> current(String key) {
        Entry entry = entries.get(identity(key));
        return entry == null || !entry.live() ? Optional.empty() : Optional.of(entry.current().record());
    }

    List<SecretRecord> history(String key) {
        Entry entry = entries.get(identity(key));
        if (entry == null || !entry.live()) {
            return List.of();
        }
        return entry.versions().stream().map(Version::record).toList();
    }

    /**
     * The live secrets whose identity starts with the prefix's, after the given identity.
     *
     * @param prefix the key prefix
     * @param afterIdentity the identity of the last entry already returned, or null
     * @param limit the most records wanted
     * @return the current records, in identity order
     */
    List<SecretRecord> range(String prefix, String afterIdentity, int limit) {
        String foldedPrefix = identity(prefix);
        NavigableMap<String, Entry> tail = afterIdentity == null
                ? entries.tailMap(foldedPrefix, true)
                : entries.tailMap(afterIdentity, false);
        List<SecretRecord> found = new ArrayList<>();
        for (Map.Entry<String, Entry> e : tail.entrySet()) {
            if (!e.getKey().startsWith(foldedPrefix) || found.size() == limit) {
                break;
            }
            if (e.getValue().live()) {
                found.add(e.getValue().current().record());
            }
        }
        return found;
    }

    WriteResult write(SecretRecord record, WriteCondition condition, String token, String where) {
        String id = identity(record.key());
        synchronized (writeLock) {
            Entry entry = entries.get(id);
            boolean live = entry != null && entry.live();
            if (entry != null && entry.softDeleted()) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, record.key(), "'" + record.key()
                        + "' is held by a deleted but recoverable secret in " + where
                        + "; recover or purge it first (planning { onSoftDeleted 'recover' } or 'purge')");
            }
            if (token != null && live) {
                for (Version version : entry.versions()) {
                    if (token.equals(version.token())) {
                        return retried(version, record, where);
                    }
                }
            }
            condition.requireMet(record.key(), live ? entry.current().record().version() : null, where);
            long number = (entry == null ? 0 : entry.lastVersion()) + 1;
            Instant now = Instant.now();
            // The name keeps the case it was created with, as Azure Key Vault does.
            String key = live ? entry.key() : record.key();
            Instant createdAt = live ? entry.createdAt() : now;
            SecretRecord stored = record.toBuilder()
                    .key(key)
                    .version(Long.toString(number))
                    .createdAt(createdAt)
                    .updatedAt(now)
                    .build();
            List<Version> versions = new ArrayList<>(live ? entry.versions() : List.of());
            versions.add(new Version(stored, token, !live));
            entries.put(id, new Entry(key, number, createdAt, Collections.unmodifiableList(versions), false));
            logChange(key, false);
            return new WriteResult(stored.version(), !live);
        }
    }

    boolean delete(String key, String ifVersion, String where) {
        String id = identity(key);
        synchronized (writeLock) {
            Entry entry = entries.get(id);
            if (entry == null || !entry.live()) {
                return false;
            }
            String current = entry.current().record().version();
            if (ifVersion != null && !ifVersion.equals(current)) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, key, "'" + key + "' is at version "
                        + current + " in " + where + ", not " + ifVersion + "; it changed since it was read, so it was not deleted: read it again");
            }
            entries.put(id, softDelete
                    ? new Entry(entry.key(), entry.lastVersion(), entry.createdAt(), entry.versions(), true)
                    : new Entry(entry.key(), entry.lastVersion(), null, List.of(), false));
            logChange(entry.key(), true);
            return true;
        }
    }

    boolean isSoftDeleted(String key) {
        Entry entry = entries.get(identity(key));
        return entry != null && entry.softDeleted();
    }

    void recover(String key, String where) {
        synchronized (writeLock) {
            Entry entry = softDeleted(key, where);
            entries.put(identity(key), new Entry(entry.key(), entry.lastVersion(), entry.createdAt(), entry.versions(), false));
            logChange(entry.key(), false);
        }
    }

    void purge(String key, String where) {
        synchronized (writeLock) {
            Entry entry = softDeleted(key, where);
            entries.put(identity(key), new Entry(entry.key(), entry.lastVersion(), null, List.of(), false));
        }
    }

    private Entry softDeleted(String key, String where) {
        Entry entry = entries.get(identity(key));
        if (entry == null || !entry.softDeleted()) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, key, "'" + key
                    + "' is not a deleted secret in " + where + "; there is nothing to recover or purge");
        }
        return entry;
    }

    private static WriteResult retried(Version version, SecretRecord record, String where) {
        SecretRecord stored = version.record();
        boolean same = stored.value().equals(record.value())
                && Objects.equals(stored.contentType(), record.contentType())
                && stored.tags().equals(record.tags())
                && stored.attributes().equals(record.attributes())
                && Objects.equals(stored.expiresAt(), record.expiresAt());
        if (!same) {
            throw new ProviderException(ProviderException.Kind.CONFLICT, record.key(), "the idempotency token of this write "
                    + "to '" + record.key() + "' in " + where + " was already used for different data (version "
                    + stored.version() + "); give each distinct write its own token");
        }
        return new WriteResult(stored.version(), version.created());
    }

    /**
     * One stored version.
     *
     * @param record the record as stored, with its version id and timestamps
     * @param token the idempotency token it was written with, or null
     * @param created whether this write created the secret
     */
    private record Version(SecretRecord record, String token, boolean created) {
    }

    /**
     * One secret, a soft-deleted one, or the tombstone of a deleted one.
     *
     * @param key the key as first written
     * @param lastVersion the highest version number given so far
     * @param createdAt when the secret was created; null for a tombstone
     * @param versions the versions, oldest first; empty for a tombstone
     * @param deleted whether the versions are kept only to be recovered
     */
    private record Entry(String key, long lastVersion, Instant createdAt, List<Version> versions, boolean deleted) {

        boolean live() {
            return !versions.isEmpty() && !deleted;
        }

        boolean softDeleted() {
            return !versions.isEmpty() && deleted;
        }

        Version current() {
            return versions.get(versions.size() - 1);
        }
    }
}
