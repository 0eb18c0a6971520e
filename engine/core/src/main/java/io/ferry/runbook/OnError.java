package io.ferry.runbook;

/** What the executor does when one record fails after its retries. */
public enum OnError {
    /** Record the failure and go on with the others. */
    SKIP,
    /** Stop the run; what was written stays journaled, and the run can be resumed or rolled back. */
    STOP,
    /** Record the failure, flag the record for review, and go on. */
    FLAG;

    /** @param word {@code skip}, {@code stop} or {@code flag} @return the choice */
    public static OnError of(String word) {
        return Choice.of(OnError.class, "onError", word);
    }
}
