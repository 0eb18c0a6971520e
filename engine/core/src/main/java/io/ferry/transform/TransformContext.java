package io.ferry.transform;

/**
 * What a transform can say about the record it is working on, besides changing it. In a Groovy
 * transform closure these are plain calls: {@code flag 'no password field'}.
 */
public interface TransformContext {

    /** @return the record's key in the source, for messages */
    String sourceKey();

    /**
     * Marks the record for review: it is planned as usual, and the run reports it as flagged.
     *
     * @param reason why, never containing a value
     */
    void flag(String reason);

    /**
     * Leaves the record out of the migration, with the reason recorded in the plan.
     *
     * @param reason why, never containing a value
     */
    void skip(String reason);

    /**
     * Writes a line to the run's log.
     *
     * @param message the line, never containing a value
     */
    void log(String message);
}
