package io.ferry.api;

/**
 * The drift between two stores, by keyed fingerprint.
 *
 * @param same keys in both with equal values
 * @param different keys in both with different values
 * @param missing keys in the reference only
 * @param extra keys in the compared store only
 * @param complete whether the comparison ran to the end (false when cancelled)
 */
public record DiffReport(long same, long different, long missing, long extra, boolean complete) {

    /** @return whether the stores hold the same keys and values */
    public boolean inSync() {
        return different == 0 && missing == 0 && extra == 0;
    }

    /**
     * One difference.
     *
     * @param key the key
     * @param kind what differs
     */
    public record Entry(String key, Kind kind) {
    }

    /** What differs for one key. */
    public enum Kind {
        /** In both, with different values. */
        DIFFERENT,
        /** In the reference only. */
        MISSING,
        /** In the compared store only. */
        EXTRA
    }
}
