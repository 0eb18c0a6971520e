package io.ferry.runbook;

/**
 * What execution does when a name it must create is held by a deleted but recoverable secret in the
 * target (Azure Key Vault's soft delete, an AWS secret scheduled for deletion).
 */
public enum OnSoftDeleted {
    /** Plan the record as a conflict and write nothing (the default: the deleted secret is someone's). */
    FAIL,
    /** Recover the deleted secret, then write the record over it as a new version. */
    RECOVER,
    /** Purge the deleted secret for good, then create the record afresh. */
    PURGE;

    /** @param word {@code fail}, {@code recover} or {@code purge} @return the choice */
    public static OnSoftDeleted of(String word) {
        return Choice.of(OnSoftDeleted.class, "onSoftDeleted", word);
    }
}
