package io.ferry.spi.pacing;

import java.util.function.LongSupplier;

/**
 * The rate of one class of call to a store that publishes no quota (Vault, Kubernetes), found by
 * watching how the store answers rather than known in advance. The rate starts where a polite
 * client would, and is judged once per window of a quarter of a second:
 *
 * <ul>
 *   <li>while the rate is what holds calls back (a caller waited for a permit) and the store answers
 *       as quickly as it did at its quickest, the rate climbs: it doubles until the store first
 *       throttles, as TCP's slow start does, then closes half the gap to the rate where it
 *       strained each window, and past that probes upwards by 5 % a window;</li>
 *   <li>when the store throttles (Vault's rate-limit quotas, Kubernetes' priority and fairness), the
 *       rate falls to 90 % of what the store has been taking (smoothed over the last windows), and
 *       that becomes the rate where it strained. Refusals within the store's Retry-After of the one
 *       that caused the fall, or within a window, say nothing new: they are the calls that were
 *       already on their way, and counting each would collapse the rate in a burst of refusals;</li>
 *   <li>when its answers take more than three times as long as at its quickest (and 20 ms more), the
 *       rate falls the same way, without ending the doubling: a slow answer may be the caller's own
 *       machine being busy rather than the store refusing more.</li>
 * </ul>
 *
 * <p>So a store without a limit is driven as hard as the callers can, and one with a limit is held
 * just under it, probing upwards by 5 % a window in case the limit has risen. The quickest answer seen drifts
 * upwards by 5 % a window, so a store that has become slower for good is not taken for a strained one
 * for ever. The rate never exceeds the ceiling (a {@code rate.*} option) and never falls below 1/64
 * of where it started. Thread-safe.
 */
final class AdaptivePace {

    static final long WINDOW_NANOS = 250_000_000L;
    private static final int FEWEST_CALLS = 4;
    private static final double SLOW_START = 2.0;
    private static final double PROBE = 0.05;
    private static final double BACK_OFF = 0.9;
    private static final double SMOOTHING = 0.5;
    private static final double STRAINED_LATENCY = 3.0;
    private static final long LATENCY_SLACK_NANOS = 20_000_000L;
    private static final double BASELINE_DRIFT = 1.05;
    private static final double SLOWEST_FRACTION = 1.0 / 64;

    private final double ceiling;
    private final double floor;
    private final LongSupplier clock;
    private double rate;
    private double strainedAt = Double.NaN;
    private double quickest = Double.POSITIVE_INFINITY;
    private double taken = Double.NaN;
    private long windowStart;
    private int calls;
    private long latencySum;
    private boolean bound;
    private long quietUntil;
    private boolean backedOff;

    /**
     * @param start the polite rate to begin with, in calls a second, above 0
     * @param ceiling the rate never to exceed, at least {@code start}
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    AdaptivePace(double start, double ceiling, LongSupplier clock) {
        this.rate = start;
        this.ceiling = ceiling;
        this.floor = start * SLOWEST_FRACTION;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** @return the rate now, in calls a second */
    synchronized double rate() {
        return rate;
    }

    /** @return whether the rate has reached the ceiling, so that the ceiling, not the store, holds it */
    synchronized boolean atCeiling() {
        return rate >= ceiling;
    }

    /** @return the rate at which the store last showed strain, NaN while it has not */
    synchronized double strainedAt() {
        return strainedAt;
    }

    /** A caller had to wait for a permit: the rate, not the callers, is what holds calls back. */
    synchronized void waited() {
        bound = true;
    }

    /**
     * @param latencyNanos how long the store took to answer
     * @return the rate from now on
     */
    synchronized double answered(long latencyNanos) {
        calls++;
        latencySum += latencyNanos;
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed < WINDOW_NANOS || calls < FEWEST_CALLS) {
            return rate;
        }
        double mean = (double) latencySum / calls;
        measure(calls / (elapsed / 1e9));
        if (mean > quickest * STRAINED_LATENCY && mean - quickest > LATENCY_SLACK_NANOS) {
            rate = Math.max(floor, Math.min(rate, taken) * BACK_OFF);
        } else if (bound) {
            climb();
        }
        quickest = Math.min(mean, quickest * BASELINE_DRIFT);
        startWindow(now);
        return rate;
    }

    /**
     * @param retryAfterNanos how long the store asked the caller to wait, 0 when it did not say
     * @return the rate from now on, after the store refused a call for its rate
     */
    synchronized double throttled(long retryAfterNanos) {
        long now = clock.getAsLong();
        if (backedOff && now - quietUntil < 0) {
            return rate;
        }
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS / 2 && calls >= FEWEST_CALLS) {
            measure(calls / (elapsed / 1e9));
        }
        double took = Double.isNaN(taken) ? rate : Math.min(rate, taken);
        strainedAt = took;
        rate = Math.max(floor, took * BACK_OFF);
        quietUntil = now + Math.max(WINDOW_NANOS, retryAfterNanos);
        backedOff = true;
        startWindow(now);
        return rate;
    }

    /** Smooths what the store took, so that one window of callers waiting out a Retry-After does not read as its limit. */
    private void measure(double window) {
        taken = Double.isNaN(taken) ? window : taken + SMOOTHING * (window - taken);
    }

    private void climb() {
        if (Double.isNaN(strainedAt)) {
            rate *= SLOW_START;
        } else if (rate < strainedAt) {
            rate += Math.max(1, (strainedAt - rate) / 2);
        } else {
            rate += Math.max(1, rate * PROBE);
        }
        rate = Math.min(rate, ceiling);
    }

    private void startWindow(long now) {
        windowStart = now;
        calls = 0;
        latencySum = 0;
        bound = false;
    }
}
