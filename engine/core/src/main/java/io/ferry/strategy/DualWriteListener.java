package io.ferry.strategy;

/**
 * Hears what becomes of the writes a {@link DualWriteProvider} owes its secondary store, to alert on
 * them or count them. Called on the writing or draining thread; keys and fingerprints only, never a
 * value. Every method does nothing by default.
 */
public interface DualWriteListener {

    /** A listener that ignores everything. */
    DualWriteListener NONE = new DualWriteListener() {
    };

    /**
     * A write to the secondary failed, or waits behind one that did, and is now owed.
     *
     * @param key the key
     * @param fingerprint the value's keyed fingerprint, or null for a delete
     * @param reason why, never a value
     */
    default void queued(String key, String fingerprint, String reason) {
    }

    /**
     * An owed write reached the secondary.
     *
     * @param key the key
     * @param fingerprint the value's keyed fingerprint, or null for a delete
     */
    default void drained(String key, String fingerprint) {
    }

    /**
     * Another attempt at an owed write failed; it stays owed.
     *
     * @param key the key
     * @param attempts attempts so far
     * @param reason why, never a value
     */
    default void retryFailed(String key, int attempts, String reason) {
    }
}
