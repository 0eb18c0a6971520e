package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A durable queue of writes still owed to a store, one entry per key: a later write or delete of a
 * key replaces the entry it finds, so that the store ends up with the latest state, never an older
 * one. Values are sealed with the queue's own data key, which the journal key wraps, exactly as a
 * run's before-images are; a copy of the state store alone reveals nothing.
 *
 * <p>Each entry has a generation, so that a drain which wrote an entry removes it only if no newer
 * write replaced it meanwhile. Thread-safe. Obtained from {@link StateStore#retryQueue}.
 */
public final class RetryQueue {

    /** What an entry owes the store. */
    public enum Op {
        /** Write the sealed record. */
        WRITE,
        /** Delete the key. */
        DELETE
    }

    /**
     * One owed write.
     *
     * @param key the key
     * @param op write or delete
     * @param record the record to write, or null for a delete
     * @param fingerprint the value's keyed fingerprint, or null for a delete
     * @param attempts retries tried so far
     * @param lastError why the last attempt failed, never a value
     * @param enqueuedAt when the entry was (last) replaced
     * @param generation bumped whenever the entry is replaced
     */
    public record Entry(String key, Op op, SecretRecord record, String fingerprint, int attempts, String lastError,
                        Instant enqueuedAt, long generation) {
        /** Shows the key and fingerprint, never the value. */
        @Override
        public String toString() {
            return "Entry[" + op + " " + key + " " + fingerprint + ", attempts " + attempts + "]";
        }
    }

    private final RetryItemDao items;
    private final String name;
    private final Sealer sealer;
    private final Fingerprinter fingerprinter;

    RetryQueue(Database db, String name, byte[] dataKey) {
        this.items = new RetryItemDao(db);
        this.name = name;
        this.sealer = new Sealer(dataKey, "ferry retry queue images");
        this.fingerprinter = new Fingerprinter(Aead.subkey(dataKey, "ferry fingerprints"));
    }

    /** @return the queue's name */
    public String name() {
        return name;
    }

    /** @return the queue's keyed fingerprinter, the same for every process that opens this queue */
    public Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    /**
     * Owes the store a write of this record, replacing what was owed for its key.
     *
     * @param record the record
     * @param error why the write failed, never a value
     */
    public void enqueueWrite(SecretRecord record, String error) {
        items.upsert(name, record.key(), Op.WRITE, sealer.sealRecord(record, binding(record.key())),
                record.value().fingerprint(fingerprinter), error);
    }

    /**
     * Owes the store a delete of this key, replacing what was owed for it.
     *
     * @param key the key
     * @param error why the delete failed
     */
    public void enqueueDelete(String key, String error) {
        items.upsert(name, key, Op.DELETE, null, null, error);
    }

    /**
     * @param key a key
     * @return whether something is owed for it
     */
    public boolean isPending(String key) {
        return items.exists(name, key);
    }

    /** @return how many entries are owed */
    public long pending() {
        return items.count(name);
    }

    /**
     * @param limit the most entries wanted
     * @return the oldest entries, with their records decrypted
     */
    public List<Entry> oldest(int limit) {
        return items.oldest(name, limit).stream().map(row -> new Entry(row.key(), row.op(),
                sealer.openRecord(row.image(), binding(row.key()), () -> "the queued image of " + row.key() + " in retry queue "
                        + name + " does not decrypt; the state store was altered or the entry was moved"),
                row.fingerprint(), row.attempts(), row.lastError(), row.enqueuedAt(), row.generation()))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * Removes an entry that was carried out, unless a newer write replaced it meanwhile.
     *
     * @param entry the entry carried out
     * @return whether it was removed
     */
    public boolean settled(Entry entry) {
        return items.delete(name, entry.key(), entry.generation());
    }

    /**
     * Records a failed attempt at an entry; it stays owed.
     *
     * @param entry the entry
     * @param error why, never a value
     */
    public void attemptFailed(Entry entry, String error) {
        items.attemptFailed(name, entry.key(), entry.generation(), error);
    }

    private String binding(String key) {
        return "queue/" + name + "/" + key;
    }

    @Override
    public String toString() {
        return "RetryQueue[" + name + "]";
    }
}
