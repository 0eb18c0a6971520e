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
 * @param backup the stores a restore point is taken of before the first write
 */
public record Execution(int concurrency, int retries, OnError onError, int batchSize, double writesPerSecond,
                        Backup backup) {

    /** Checks the ranges. */
    public Execution {
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(backup, "backup");
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

    /**
     * Execution options that take no restore point.
     *
     * @param concurrency writes in flight at once, 1 to 256
     * @param retries retries of a retryable failure
     * @param onError what to do with a record that still fails
     * @param batchSize records journaled per transaction
     * @param writesPerSecond a cap on the write rate; 0 for none
     */
    public Execution(int concurrency, int retries, OnError onError, int batchSize, double writesPerSecond) {
        this(concurrency, retries, onError, batchSize, writesPerSecond, Backup.NONE);
    }

    /** @return 4 writers, 3 retries, stop on error, 256 per journal batch, no rate cap, no restore point */
    public static Execution defaults() {
        return new Execution(4, 3, OnError.STOP, 256, 0);
    }

    /**
     * @param stores the stores to take a restore point of before the first write
     * @return these options with that choice
     */
    public Execution withBackup(Backup stores) {
        return new Execution(concurrency, retries, onError, batchSize, writesPerSecond, stores);
    }
}
