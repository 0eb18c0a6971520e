package io.ferry.runbook;

/** What happens when validation's match rate falls below the runbook's bar. */
public enum OnFailure {
    /** Stop, leaving the target as written, and fail the run. */
    STOP,
    /** Roll the run back automatically, then fail it. */
    ROLLBACK;

    /** @param word {@code stop} or {@code rollback} @return the choice */
    public static OnFailure of(String word) {
        return Choice.of(OnFailure.class, "onFailure", word);
    }
}
