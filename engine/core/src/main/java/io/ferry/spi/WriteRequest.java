package io.ferry.spi;

import io.ferry.secret.SecretRecord;
import java.util.Objects;

/**
 * One write of a batch.
 *
 * @param record the record to write
 * @param condition when the write may happen
 * @param options idempotency and other write options
 */
public record WriteRequest(SecretRecord record, WriteCondition condition, WriteOptions options) {

    /** Checks the fields. */
    public WriteRequest {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(condition, "condition");
        options = options == null ? WriteOptions.none() : options;
    }
}
