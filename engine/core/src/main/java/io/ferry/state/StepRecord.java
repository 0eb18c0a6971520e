package io.ferry.state;

import java.time.Instant;

/**
 * One step of a procedure run as the journal keeps it.
 *
 * @param scope the procedure ({@code ""}) or the item ({@code ELEMENT/KEY}) the step belongs to
 * @param step the step's name
 * @param seq the order in which steps first started
 * @param batch the batch the step belongs to
 * @param itemKey the item's key, or null outside {@code forEach}
 * @param status where it stands
 * @param attempts how often it was started
 * @param startedAt when it last started
 * @param finishedAt when it last finished, or null
 * @param error why it failed, masked, or null
 */
public record StepRecord(String scope, String step, long seq, int batch, String itemKey, StepStatus status,
                         int attempts, Instant startedAt, Instant finishedAt, String error) {
}
