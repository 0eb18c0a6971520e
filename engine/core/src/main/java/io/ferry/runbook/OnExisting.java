package io.ferry.runbook;

/** What planning does when the target already has a record with a different value. */
public enum OnExisting {
    /** Leave it as it is (the default: never overwrite unless asked). */
    SKIP,
    /** Overwrite it, keeping its before-image for rollback. */
    UPDATE,
    /** Plan it as a conflict, which stops the run before anything is written. */
    FAIL;

    /** @param word {@code skip}, {@code update} or {@code fail} @return the choice */
    public static OnExisting of(String word) {
        return Choice.of(OnExisting.class, "onExisting", word);
    }
}
