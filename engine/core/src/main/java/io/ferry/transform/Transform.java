package io.ferry.transform;

import io.ferry.secret.SecretRecord;
import java.util.List;

/**
 * Changes one record on its way from source to target: its name, value, tags or shape. Runs inside
 * the planner, once per record, under the runbook's error policy. Implementations must be
 * thread-safe and must never put a value into an exception message.
 */
public interface Transform {

    /** @return the name shown in plans, errors and the journal, for example {@code rename} */
    String name();

    /**
     * @param record the record as the previous transform left it
     * @param context flags, skips and logging for this record
     * @return the records to pass on: usually one; none to drop it (after {@link TransformContext#skip});
     *     several to explode it
     */
    List<SecretRecord> apply(SecretRecord record, TransformContext context);

    /**
     * Called by the planner once, after the last source record, for transforms that hold records
     * back (a fan-in such as {@code collapse}). What it returns goes through the transforms after
     * this one and is planned like any other record, with itself as its source.
     *
     * @param context flags, skips and logging for the records returned
     * @return the records still held; none by default
     */
    default List<SecretRecord> finish(TransformContext context) {
        return List.of();
    }

    /**
     * Called by the planner after each {@link #apply} of a transform that holds records back: the
     * records it has finished gathering while source records still arrive (a {@code collapse} group
     * that the key-ordered listing has passed). Each goes through the transforms after this one and
     * is planned like any other record, with itself as its source, not the record just applied,
     * which only happened to show that the group was complete.
     *
     * @param context flags, skips and logging for the records returned
     * @return the records complete since the last call; none by default
     */
    default List<SecretRecord> completed(TransformContext context) {
        return List.of();
    }

    /**
     * @return whether {@link #inverse()} undoes this transform, so that rollback and round-trip
     *     checks can map a target record back to its source form
     */
    default boolean reversible() {
        return false;
    }

    /**
     * @return the transform that undoes this one
     * @throws UnsupportedOperationException when this transform is not {@link #reversible()}
     */
    default Transform inverse() {
        throw new UnsupportedOperationException("transform " + name() + " is not reversible");
    }
}
