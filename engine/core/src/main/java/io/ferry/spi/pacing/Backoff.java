package io.ferry.spi.pacing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th retry waits between half and all of
 * {@code base * 2^(n-1)}, capped; a store's Retry-After wins when it asks for longer.
 *
 * @param base the first wait
 * @param cap the longest wait
 */
public record Backoff(Duration base, Duration cap) {

    /** 100 ms, doubling, at most 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    /**
     * @param retry the retry's number, from 1
     * @param retryAfter what the store asked for, or null
     * @return how long to wait
     */
    public Duration delay(int retry, Duration retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        long wanted = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, wanted));
    }
}
