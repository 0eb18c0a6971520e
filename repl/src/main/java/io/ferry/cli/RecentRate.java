package io.ferry.cli;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The rate a stage achieves: over the last few seconds, which follows a store that slows down or
 * speeds up, and over the whole stage; and the time left at the recent rate. Fed by progress
 * events, on the caller's clock. Not thread-safe: progress is heard on one thread.
 */
final class RecentRate {

    /** How far back the recent rate looks. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How much history the recent rate needs before an ETA is made of it. */
    static final long SETTLED_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Samples of {nanos, done} at least 100 ms apart, oldest first: the oldest lies at or before the
     * window's start, so that the window is covered whole, and the list stays short however often
     * progress comes.
     */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long start;
    private long latestNanos;
    private long latestDone;

    /**
     * Starts a stage.
     *
     * @param now nanoseconds
     */
    void start(long now) {
        samples.clear();
        start = now;
        latestNanos = now;
        latestDone = 0;
        samples.add(new long[] {now, 0});
    }

    /**
     * @param now nanoseconds
     * @param done records handled so far in the stage
     */
    void record(long now, long done) {
        latestNanos = now;
        latestDone = done;
        if (now - samples.peekLast()[0] >= SPACING_NANOS) {
            samples.add(new long[] {now, done});
        }
        while (samples.size() > 1 && second()[0] <= now - WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    private long[] second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    /** @return records a second over the last ten seconds, or as much of them as the stage has run; 0 before any time passed */
    double recent() {
        long[] first = samples.peekFirst();
        long span = latestNanos - first[0];
        return span <= 0 ? 0 : (latestDone - first[1]) / (span / 1e9);
    }

    /**
     * @param now nanoseconds
     * @param done records handled in the stage
     * @return records a second since the stage started
     */
    double overall(long now, long done) {
        long elapsed = now - start;
        return elapsed <= 0 ? 0 : done / (elapsed / 1e9);
    }

    /**
     * @param remaining records the stage has still to handle
     * @return the seconds they take at the recent rate; -1 while the rate rests on too little
     *     history, or is 0
     */
    long etaSeconds(long remaining) {
        double rate = recent();
        if (latestNanos - samples.peekFirst()[0] < SETTLED_NANOS || rate <= 0) {
            return -1;
        }
        return Math.round(Math.max(0, remaining) / rate);
    }
}
