package io.ferry.spi.pacing;

import io.ferry.spi.pacing.RateLimiter.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link RateLimiter} is doing, read at one moment without calling the store: for each
 * class of call, the pace it allows now, what sets that pace, and what its calls have met since the
 * limiter was made. The engine reads it to show a run's progress and to write its report; it needs
 * no knowledge of the store behind it.
 *
 * @param limiter the limiter's name, the store's ("HashiCorp Vault")
 * @param lanes one per class of call, in {@link Operation} order
 */
public record PaceReading(String limiter, List<Lane> lanes) {

    /** What holds a class of call back. */
    public enum Limit {
        /** Nothing: calls go as fast as the callers make them. */
        UNPACED,
        /** The store's published quota, or the {@code rate.*} option that replaced it. */
        QUOTA,
        /** A pace found by watching how the store answers, below any {@code rate.*} cap. */
        ADAPTIVE,
        /** A store without a quota, held at its {@code rate.*} cap: the adaptive pace reached it. */
        CAP
    }

    /**
     * One class of call.
     *
     * @param operation the class
     * @param limit what sets its pace now
     * @param pace the calls a second allowed now; 0 when unpaced
     * @param peakPace the highest pace it has allowed; 0 when unpaced
     * @param calls calls made to the store, every retry included
     * @param throttled answers in which the store refused a call for its rate (HTTP 429 and the like)
     * @param waited time callers spent held by the limiter, for a permit or before retrying a
     *     throttled call, added up over every calling thread
     * @param backingOff whether the store throttled a call within the last
     *     {@link RateLimiter#BACKING_OFF_SECONDS} seconds
     */
    public record Lane(Operation operation, Limit limit, double pace, double peakPace, long calls, long throttled,
                       Duration waited, boolean backingOff) {

        /** Checks the fields. */
        public Lane {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(waited, "waited");
        }
    }

    /** Copies the lanes. */
    public PaceReading {
        Objects.requireNonNull(limiter, "limiter");
        lanes = List.copyOf(lanes);
    }

    /** @return calls made to the store, over every class */
    public long calls() {
        return lanes.stream().mapToLong(Lane::calls).sum();
    }

    /** @return throttled answers, over every class */
    public long throttled() {
        return lanes.stream().mapToLong(Lane::throttled).sum();
    }
}
