package io.ferry.spi.pacing;

import io.ferry.spi.CallCosts;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Paces the calls an adapter makes to one store: a token bucket per {@link Operation} class.
 *
 * <p>Where the store publishes a quota (AWS, Azure; PROVIDERS.md), the bucket's rate starts at it
 * ({@link #of(String, Map, ProviderSpec)}; the URI options {@code rate.read}, {@code rate.write},
 * {@code rate.list} override it), drops to 70 % when the store throttles (the factor of the AWS SDKs'
 * adaptive retry mode: a quota is often shared with other clients, so backing off must be real, but
 * one throttle at the quota's edge must not cost half the rate) and climbs back while calls succeed.
 * Where it publishes none (Vault, Kubernetes), the rate is found as the run goes
 * ({@link #adaptive(String, Map, ProviderSpec)}): it starts at a polite rate and climbs while the store
 * answers without throttling or slowing down, and backs off at the first sign of strain; the
 * {@code rate.*} options then cap it.
 *
 * <p>A throttled call is retried after the longer of the store's Retry-After and an exponential
 * back-off with jitter, a bounded number of times, never in a tight loop; so is a read or a listing
 * the store failed to answer. A write that failed for any other reason goes back to the caller, whose
 * retry policy knows whether repeating it is safe.
 *
 * <p>What the limiter is doing can be read at any moment ({@link #reading()}): the pace of each class
 * of call, what sets it, and the calls, throttled answers and waits so far.
 *
 * <p>Thread-safe: one limiter serves every thread of a provider.
 */
public final class RateLimiter {

    /** The classes of call a store's quotas are written for. */
    public enum Operation {
        /** Reading one or a batch of secrets. */
        READ,
        /** Creating, updating or deleting. */
        WRITE,
        /** Listing a page. */
        LIST;

        /** @return the URI option that overrides this class's rate, such as {@code rate.write} */
        public String option() {
            return "rate." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** The URI option that sets how many times a throttled call is tried in all. */
    public static final String ATTEMPTS_OPTION = "rate.attempts";

    /** How long after a throttled answer a {@link PaceReading.Lane} still reads as backing off. */
    public static final int BACKING_OFF_SECONDS = 5;

    private static final int DEFAULT_ATTEMPTS = 8;
    private static final double SLOWEST_FRACTION = 1.0 / 64;
    private static final double BACK_OFF_FACTOR = 0.7;
    private static final double RECOVERY_FRACTION = 0.02;

    private final String store;
    private final Map<Operation, Lane> lanes = new EnumMap<>(Operation.class);
    private final Backoff backoff;
    private final int attempts;
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final LongSupplier clock;

    private RateLimiter(String store, Map<Operation, Lane> lanes, Backoff backoff, int attempts, LongSupplier clock) {
        this.store = store;
        this.backoff = backoff;
        this.attempts = attempts;
        this.lanes.putAll(lanes);
        this.clock = clock;
    }

    private static Map<Operation, Lane> fixed(String store, Map<Operation, Double> rates, LongSupplier clock) {
        Map<Operation, Lane> lanes = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            double rate = rates.getOrDefault(op, 0.0);
            lanes.put(op, new Lane(store, rate, null, clock));
        }
        return lanes;
    }

    /**
     * A limiter for a store, its rates taken from the defaults unless the spec overrides them.
     *
     * @param store the store's name, for messages
     * @param defaults permits per second per class; absent or 0 means unpaced
     * @param spec the provider's URI, whose {@code rate.*} options override the defaults (0 turns
     *     pacing off) and whose {@value #ATTEMPTS_OPTION} sets how often a throttled call is tried
     * @return the limiter
     * @throws IllegalArgumentException when an option is not a number, naming it and the fix
     */
    public static RateLimiter of(String store, Map<Operation, Double> defaults, ProviderSpec spec) {
        Map<Operation, Double> rates = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            rates.put(op, number(spec, op.option(), defaults.getOrDefault(op, 0.0)));
        }
        return new RateLimiter(store, fixed(store, rates, System::nanoTime), Backoff.DEFAULT, attempts(spec), System::nanoTime);
    }

    /**
     * A limiter for a store that publishes no quota: each class's rate starts at a polite one and
     * adapts to how the store answers (see {@link AdaptivePace}).
     *
     * @param store the store's name, for messages
     * @param start permits per second per class to begin with; absent or 0 means unpaced
     * @param spec the provider's URI, whose {@code rate.*} options cap the rate (0 turns pacing off)
     *     and whose {@value #ATTEMPTS_OPTION} sets how often a throttled call is tried
     * @return the limiter
     * @throws IllegalArgumentException when an option is not a number, naming it and the fix
     */
    public static RateLimiter adaptive(String store, Map<Operation, Double> start, ProviderSpec spec) {
        Map<Operation, Lane> lanes = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            double polite = start.getOrDefault(op, 0.0);
            double ceiling = number(spec, op.option(), Double.POSITIVE_INFINITY);
            double first = Math.min(polite, ceiling);
            lanes.put(op, first > 0
                    ? new Lane(store, first, new AdaptivePace(first, ceiling, System::nanoTime), System::nanoTime)
                    : new Lane(store, 0, null, System::nanoTime));
        }
        return new RateLimiter(store, lanes, Backoff.DEFAULT, attempts(spec), System::nanoTime);
    }

    private static int attempts(ProviderSpec spec) {
        int attempts = (int) number(spec, ATTEMPTS_OPTION, DEFAULT_ATTEMPTS);
        if (attempts < 1) {
            throw new IllegalArgumentException(spec.scheme() + " option '" + ATTEMPTS_OPTION
                    + "' must be at least 1, the first try included");
        }
        return attempts;
    }

    /**
     * A limiter with explicit rates and back-off, for tests and for stores with fixed quotas.
     *
     * @param store the store's name, for messages
     * @param rates permits per second per class; absent or 0 means unpaced
     * @param backoff the waits between retries
     * @param attempts how many times a throttled call is tried in all, at least 1
     * @return the limiter
     */
    public static RateLimiter of(String store, Map<Operation, Double> rates, Backoff backoff, int attempts) {
        return of(store, rates, backoff, attempts, System::nanoTime);
    }

    /** {@link #of(String, Map, Backoff, int)} on a clock of the caller's, for tests of what a reading says over time. */
    static RateLimiter of(String store, Map<Operation, Double> rates, Backoff backoff, int attempts, LongSupplier clock) {
        return new RateLimiter(store, fixed(store, rates, clock), backoff, Math.max(1, attempts), clock);
    }

    /**
     * Makes one call under the limiter: waits for a permit, then retries on throttling (and, for reads
     * and listings, on a store that could not answer) with back-off.
     *
     * @param op the class of call
     * @param key the key concerned, or null, for messages
     * @param call the call to the store, which throws {@link ProviderException}
     * @param <T> what the call returns
     * @return what the call returned
     * @throws ProviderException the call's last failure, or {@code UNAVAILABLE} when interrupted
     */
    public <T> T call(Operation op, String key, Supplier<T> call) {
        Lane lane = lanes.get(op);
        for (int attempt = 1; ; attempt++) {
            lane.acquire(key);
            long started = System.nanoTime();
            try {
                T result = call.get();
                lane.answered(System.nanoTime() - started);
                return result;
            } catch (ProviderException e) {
                boolean throttled = e.kind() == ProviderException.Kind.THROTTLED;
                if (!throttled && !e.retryable()) {
                    // Not found, a conflict, a refusal: the store answered, and answered in its time.
                    lane.answered(System.nanoTime() - started);
                }
                if (throttled) {
                    // Counted and heeded even on the last attempt: the store said so whether or not the call is repeated.
                    throttles.incrementAndGet();
                    lane.throttled(e.retryAfter());
                }
                boolean repeatable = throttled || (op != Operation.WRITE && e.retryable());
                if (!repeatable || attempt >= attempts) {
                    throw e;
                }
                retries.incrementAndGet();
                long sleepFrom = clock.getAsLong();
                try {
                    sleep(backoff.delay(attempt, e.retryAfter()), key);
                } finally {
                    lane.waited(clock.getAsLong() - sleepFrom);
                }
            }
        }
    }

    /**
     * {@link #call} for a call that returns nothing.
     *
     * @param op the class of call
     * @param key the key concerned, or null
     * @param call the call
     */
    public void run(Operation op, String key, Runnable call) {
        call(op, key, () -> {
            call.run();
            return null;
        });
    }

    /**
     * @param op a class of call
     * @return its current rate in permits per second, 0 when unpaced
     */
    public double rate(Operation op) {
        return lanes.get(op).rate();
    }

    /**
     * @param costs a store's calls per write and per read
     * @return those costs at this limiter's current rates, which are its configured ones until the
     *     store throttles it
     */
    public CallCosts pace(CallCosts costs) {
        return costs.paced(rate(Operation.READ), rate(Operation.WRITE), rate(Operation.LIST));
    }

    /** @return how many times the store throttled a call */
    public long throttles() {
        return throttles.get();
    }

    /** @return what each class of call is doing now and has met so far */
    public PaceReading reading() {
        List<PaceReading.Lane> read = new ArrayList<>(lanes.size());
        long now = clock.getAsLong();
        lanes.forEach((op, lane) -> read.add(lane.reading(op, now)));
        return new PaceReading(store, read);
    }

    /** @return how many calls were repeated after throttling or a failed read */
    public long retries() {
        return retries.get();
    }

    private void sleep(Duration wait, String key) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, key,
                    store + ": interrupted while waiting to retry; run again or resume to continue", false, null, e);
        }
    }

    private static double number(ProviderSpec spec, String option, double fallback) {
        String text = spec.option(option, null);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(spec.scheme() + " option '" + option + "' must be a number of at least 0, "
                    + "not '" + text + "'; for example " + option + "=50");
        }
    }

    /**
     * One class's bucket: at a fixed rate that backs off when throttled and recovers, or at a rate
     * an {@link AdaptivePace} finds.
     */
    private static final class Lane {
        private static final long BACKING_OFF_NANOS = BACKING_OFF_SECONDS * 1_000_000_000L;

        private final String store;
        private final double configured;
        private final TokenBucket bucket;
        private final AdaptivePace adaptive;
        private final LongSupplier clock;
        private final LongAdder calls = new LongAdder();
        private final LongAdder throttledAnswers = new LongAdder();
        private final LongAdder waitedNanos = new LongAdder();
        /** When the store last throttled a call, on the clock; meaningful once it has. */
        private volatile long lastThrottled;
        private volatile double peak;

        Lane(String store, double configured, AdaptivePace adaptive, LongSupplier clock) {
            this.store = store;
            this.configured = configured;
            this.bucket = configured > 0 ? new TokenBucket(configured) : null;
            this.adaptive = adaptive;
            this.clock = clock;
            this.peak = bucket == null ? 0 : configured;
        }

        void acquire(String key) {
            calls.increment();
            if (bucket == null) {
                return;
            }
            long from = clock.getAsLong();
            try {
                if (bucket.acquire()) {
                    waited(clock.getAsLong() - from);
                    if (adaptive != null) {
                        adaptive.waited();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, key,
                        store + ": interrupted while waiting for the rate limit; run again or resume to continue",
                        false, null, e);
            }
        }

        void waited(long nanos) {
            waitedNanos.add(Math.max(0, nanos));
        }

        void throttled(Duration retryAfter) {
            throttledAnswers.increment();
            lastThrottled = clock.getAsLong();
            if (bucket == null) {
                return;
            }
            if (adaptive != null) {
                pace(adaptive.throttled(retryAfter == null ? 0 : retryAfter.toNanos()));
                return;
            }
            synchronized (bucket) {
                bucket.rate(Math.max(configured * SLOWEST_FRACTION, bucket.rate() * BACK_OFF_FACTOR));
            }
        }

        void answered(long latencyNanos) {
            if (bucket == null) {
                return;
            }
            if (adaptive != null) {
                pace(adaptive.answered(latencyNanos));
                return;
            }
            if (bucket.rate() < configured) {
                synchronized (bucket) {
                    bucket.rate(Math.min(configured, bucket.rate() + configured * RECOVERY_FRACTION));
                }
            }
        }

        private void pace(double rate) {
            if (bucket.rate() != rate) {
                bucket.rate(rate);
                if (rate > peak) {
                    peak = rate;
                }
            }
        }

        double rate() {
            return bucket == null ? 0 : bucket.rate();
        }

        PaceReading.Lane reading(Operation op, long now) {
            long throttled = throttledAnswers.sum();
            PaceReading.Limit limit = bucket == null ? PaceReading.Limit.UNPACED
                    : adaptive == null ? PaceReading.Limit.QUOTA
                    : adaptive.atCeiling() ? PaceReading.Limit.CAP : PaceReading.Limit.ADAPTIVE;
            return new PaceReading.Lane(op, limit, rate(), peak, calls.sum(), throttled,
                    Duration.ofNanos(waitedNanos.sum()), throttled > 0 && now - lastThrottled < BACKING_OFF_NANOS);
        }
    }
}
