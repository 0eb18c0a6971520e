package io.ferry.runbook;

import java.util.Objects;

/**
 * Options of the execution stage.
 *
 * @param concurrency writes in flight at once, 1 to 256
 * @param retries retries of a retryable failure, with exponential back-off and jitter
 * @param onError what to do with a record that still fails
 * @param batchSize records journaled per transaction
 * @param writesPerSecond a cap on the write rate, below the provider's own; 0 for none
 */
public record Execution(int concurrency, int retries, OnError onError, int batchSize, double writesPerSecond) {

    /** Checks the ranges. */
    public Execution {
        Objects.requireNonNull(onError, "onError");
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256, got " + concurrency);
        }
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries must be between 0 and 100, got " + retries);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("execution batchSize must be at least 1, got " + batchSize);
        }
        if (writesPerSecond < 0) {
            throw new IllegalArgumentException("writesPerSecond cannot be negative");
        }
    }

    /** @return 4 writers, 3 retries, stop on error, 256 per journal batch, no rate cap */
    public static Execution defaults() {
        return new Execution(4, 3, OnError.STOP, 256, 0);
    }
}
