package io.ferry.spi;

import io.ferry.secret.SecretRecord;

/**
 * The mark the engine leaves on what it writes, so that it can tell its own secrets from those
 * someone else manages, and by default never overwrites the latter. Adapters store it the way
 * their store keeps tags: a tag, a label or a custom-metadata entry.
 */
public final class Ownership {

    /** The tag name of the mark; valid as an AWS tag, an Azure tag, a Vault metadata key and a Kubernetes label. */
    public static final String TAG = "ferry-managed-by";
    /** The tag value of the mark. */
    public static final String VALUE = "ferry";

    private Ownership() {
    }

    /**
     * @param record a record read from a target
     * @return whether it carries the engine's mark
     */
    public static boolean isOwned(SecretRecord record) {
        return VALUE.equals(record.tags().get(TAG));
    }

    /**
     * @param record a record about to be written
     * @return the record with the engine's mark added
     */
    public static SecretRecord mark(SecretRecord record) {
        return isOwned(record) ? record : record.toBuilder().tag(TAG, VALUE).build();
    }
}
