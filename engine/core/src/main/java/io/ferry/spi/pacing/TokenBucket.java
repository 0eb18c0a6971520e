package io.ferry.spi.pacing;

/**
 * A token bucket: {@code rate} permits a second on average, bursts of up to one second's worth.
 * Callers wait for a permit rather than spinning. The rate can be changed while in use, which is
 * how {@link RateLimiter} backs off. Thread-safe.
 */
public final class TokenBucket {

    private double rate;
    private double capacity;
    private double tokens;
    private long lastNanos;

    /**
     * @param rate permits per second, above 0
     */
    public TokenBucket(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a token bucket needs a rate above 0, got " + rate);
        }
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.tokens = 1;
        this.lastNanos = System.nanoTime();
    }

    /**
     * A bucket that starts with a second's worth of permits, as a store's quota does: a client that
     * keeps to the rate on average is never refused for arriving a little early.
     *
     * @param rate permits per second, above 0
     * @return the bucket, full
     */
    public static TokenBucket full(double rate) {
        TokenBucket bucket = new TokenBucket(rate);
        bucket.tokens = bucket.capacity;
        return bucket;
    }

    /**
     * Waits for one permit.
     *
     * @return whether there was none at once, so that the caller waited: the rate held it back
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean acquire() throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= 1;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
        return waitNanos > 0;
    }

    /**
     * Takes one permit if there is one now, without waiting.
     *
     * @return whether a permit was taken
     */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** @return the current rate, in permits per second */
    public synchronized double rate() {
        return rate;
    }

    /**
     * Changes the rate from now on; permits already owed keep their place.
     *
     * @param rate permits per second, above 0
     */
    public synchronized void rate(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a token bucket needs a rate above 0, got " + rate);
        }
        refill();
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.tokens = Math.min(tokens, capacity);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * rate);
        lastNanos = now;
    }
}
