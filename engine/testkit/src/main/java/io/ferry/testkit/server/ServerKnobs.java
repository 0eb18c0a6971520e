package io.ferry.testkit.server;

import io.ferry.spi.pacing.RateLimiter.Operation;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a test server adds to a faithful store, for reliability tests, benchmarks and rehearsals:
 * latency (fixed plus random jitter), faults injected at a rate, and a quota per class of call past
 * which the server answers with the store's own throttling response. Every knob can be turned while
 * the server runs; a test can take a store down for a while and bring it back.
 */
public final class ServerKnobs {

    /** A fault the server can inject instead of answering. */
    public enum Fault {
        /** Answer with the store's 5xx response. */
        SERVER_ERROR,
        /** Close the connection without answering. */
        DROP_CONNECTION,
        /** Hold the request for {@link #timeoutDelay()}, then close the connection. */
        TIMEOUT,
        /**
         * Refuse the request as invalid, in the store's own error format, with a message that quotes
         * what the request carried in every encoding ({@link io.ferry.testkit.canary.Echo}), as a
         * careless store or proxy does: the test of an adapter that must not pass it on.
         */
        ECHO
    }

    private volatile Duration latency = Duration.ZERO;
    private volatile Duration jitter = Duration.ZERO;
    private volatile double faultRate;
    private volatile Set<Operation> faultsOnly = Set.of();
    private volatile Fault fault = Fault.SERVER_ERROR;
    private volatile Duration timeoutDelay = Duration.ofSeconds(30);
    private final Map<Operation, Double> quota = new EnumMap<>(Operation.class);

    /**
     * @param latency added to every answer
     * @param jitter up to this much more, at random
     * @return these knobs
     */
    public ServerKnobs latency(Duration latency, Duration jitter) {
        this.latency = latency;
        this.jitter = jitter;
        return this;
    }

    /**
     * @param fault what to inject
     * @param rate the fraction of requests, from 0 to 1, that get it instead of an answer
     * @return these knobs
     */
    public ServerKnobs faults(Fault fault, double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a fault rate is a fraction from 0 to 1, not " + rate);
        }
        this.fault = fault;
        this.faultRate = rate;
        this.faultsOnly = Set.of();
        return this;
    }

    /**
     * @param fault what to inject
     * @param rate the fraction of requests of the given classes, from 0 to 1, that get it
     * @param only the classes of call that may get it, such as {@link Operation#WRITE}
     * @return these knobs
     */
    public ServerKnobs faults(Fault fault, double rate, Operation... only) {
        faults(fault, rate);
        this.faultsOnly = Set.of(only);
        return this;
    }

    /**
     * @param delay how long a {@link Fault#TIMEOUT} holds a request before dropping it
     * @return these knobs
     */
    public ServerKnobs timeoutDelay(Duration delay) {
        this.timeoutDelay = delay;
        return this;
    }

    /**
     * @param op a class of call
     * @param perSecond the calls a second the server accepts before throttling; 0 for no quota
     * @return these knobs
     */
    public synchronized ServerKnobs quota(Operation op, double perSecond) {
        quota.put(op, perSecond);
        return this;
    }

    /** @return the fixed latency */
    public Duration latency() {
        return latency;
    }

    /** @return the latest random addition to the latency */
    public Duration jitter() {
        return jitter;
    }

    /** @return the fraction of requests that get a fault */
    public double faultRate() {
        return faultRate;
    }

    /** @return the fault injected */
    public Fault fault() {
        return fault;
    }

    /** @return how long a timeout holds a request */
    public Duration timeoutDelay() {
        return timeoutDelay;
    }

    /**
     * @param op a class of call
     * @return its quota in calls a second, 0 when there is none
     */
    public synchronized double quota(Operation op) {
        return quota.getOrDefault(op, 0.0);
    }

    /** @return this request's latency: the fixed part plus a random share of the jitter */
    Duration nextLatency() {
        long extra = jitter.isZero() ? 0 : ThreadLocalRandom.current().nextLong(jitter.toNanos() + 1);
        return latency.plusNanos(extra);
    }

    /**
     * @param op the class of the request
     * @return whether this request gets the fault
     */
    boolean nextIsFault(Operation op) {
        double rate = faultRate;
        Set<Operation> only = faultsOnly;
        return rate > 0 && (only.isEmpty() || only.contains(op)) && ThreadLocalRandom.current().nextDouble() < rate;
    }

    /**
     * Reads knobs written as options, the way {@code ferry emulate} takes them: {@code latency=20ms},
     * {@code jitter=5ms}, {@code fault=server-error|drop-connection|timeout}, {@code fault-rate=0.01},
     * {@code quota-read=100}, {@code quota-write=50}, {@code quota-list=100}.
     *
     * @param options the options by name
     * @return the knobs
     * @throws IllegalArgumentException naming the option and the form it takes
     */
    public static ServerKnobs parse(Map<String, String> options) {
        ServerKnobs knobs = new ServerKnobs();
        options.forEach((name, value) -> {
            switch (name) {
                case "latency" -> knobs.latency = duration(name, value);
                case "jitter" -> knobs.jitter = duration(name, value);
                case "fault" -> knobs.fault = fault(value);
                case "fault-rate" -> knobs.faults(knobs.fault, number(name, value));
                case "quota-read" -> knobs.quota(Operation.READ, number(name, value));
                case "quota-write" -> knobs.quota(Operation.WRITE, number(name, value));
                case "quota-list" -> knobs.quota(Operation.LIST, number(name, value));
                default -> throw new IllegalArgumentException("unknown server knob '" + name + "'; the knobs are latency, "
                        + "jitter, fault, fault-rate, quota-read, quota-write and quota-list");
            }
        });
        return knobs;
    }

    private static Fault fault(String value) {
        return switch (value) {
            case "server-error" -> Fault.SERVER_ERROR;
            case "drop-connection" -> Fault.DROP_CONNECTION;
            case "timeout" -> Fault.TIMEOUT;
            default -> throw new IllegalArgumentException("fault '" + value
                    + "' is not known; use server-error, drop-connection or timeout");
        };
    }

    private static Duration duration(String name, String value) {
        String v = value.trim();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("knob '" + name + "' takes a duration such as 20ms or 1.5s, not '" + value + "'");
    }

    private static double number(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("knob '" + name + "' takes a number of at least 0, not '" + value + "'");
    }
}
