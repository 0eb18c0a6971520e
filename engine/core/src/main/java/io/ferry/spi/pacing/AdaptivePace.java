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
 *       shows strain, as TCP's slow start does, then closes half the gap to the rate where it
 *       strained each window, and past that probes upwards by 2 % a window;</li>
 *   <li>when the store throttles (Vault's rate-limit quotas, Kubernetes' priority and fairness) or
 *       its answers take more than twice as long as at its quickest, the rate falls to 90 % of what
 *       the store actually took in the last window, once a window: the calls that were already on
 *       their way when the store first said no say nothing new, and counting each of them would
 *       collapse the rate in a burst of refusals.</li>
 * </ul>
 *
 * <p>So a store without a limit is driven as hard as the callers can, and one with a limit is held
 * just under it, probing now and then in case the limit has risen. The quickest answer seen drifts
 * upwards by 5 % a window, so a store that has become slower for good is not taken for a strained one
 * for ever. The rate never exceeds the ceiling (a {@code rate.*} option) and never falls below 1/64
 * of where it started. Thread-safe.
 */
final class AdaptivePace {

    static final long WINDOW_NANOS = 250_000_000L;
    private static final int FEWEST_CALLS = 4;
    private static final double SLOW_START = 2.0;
    private static final double PROBE = 0.02;
    private static final double BACK_OFF = 0.9;
    private static final double STRAINED_LATENCY = 2.0;
    private static final long LATENCY_SLACK_NANOS = 5_000_000L;
    private static final double BASELINE_DRIFT = 1.05;
    private static final double SLOWEST_FRACTION = 1.0 / 64;

    private final double ceiling;
    private final double floor;
    private final LongSupplier clock;
    private double rate;
    private double strainedAt = Double.NaN;
    private double quickest = Double.POSITIVE_INFINITY;
    private double lastTaken = Double.NaN;
    private long windowStart;
    private int calls;
    private long latencySum;
    private boolean bound;
    private long lastBackOff;
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
        lastTaken = calls / (elapsed / 1e9);
        if (mean > quickest * STRAINED_LATENCY && mean - quickest > LATENCY_SLACK_NANOS) {
            backOff(now);
        } else if (bound) {
            climb();
        }
        quickest = Math.min(mean, quickest * BASELINE_DRIFT);
        startWindow(now);
        return rate;
    }

    /** @return the rate from now on, after the store refused a call for its rate */
    synchronized double throttled() {
        long now = clock.getAsLong();
        if (backedOff && now - lastBackOff < WINDOW_NANOS) {
            return rate;
        }
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS / 2 && calls >= FEWEST_CALLS) {
            lastTaken = calls / (elapsed / 1e9);
        }
        backOff(now);
        startWindow(now);
        return rate;
    }

    private void backOff(long now) {
        double taken = Double.isNaN(lastTaken) ? rate : Math.min(rate, lastTaken);
        strainedAt = taken;
        rate = Math.max(floor, taken * BACK_OFF);
        lastBackOff = now;
        backedOff = true;
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
