package io.ferry.testkit.server;

import io.ferry.spi.pacing.RateLimiter.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a test server counted: requests answered per class of call, requests throttled and faults
 * injected. Tests read it to check that a client paced itself and retried; benchmarks to report rates.
 */
public final class ServerStats {

    private final Map<Operation, AtomicLong> answered = new EnumMap<>(Operation.class);
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    ServerStats() {
        for (Operation op : Operation.values()) {
            answered.put(op, new AtomicLong());
        }
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    void countAnswer(Operation op) {
        if (op != null) {
            answered.get(op).incrementAndGet();
        }
    }

    void countThrottled() {
        throttled.incrementAndGet();
    }

    void countFault() {
        faults.incrementAndGet();
    }

    /** @return every request received, whatever became of it */
    public long requests() {
        return requests.get();
    }

    /**
     * @param op a class of call
     * @return the requests of that class the store answered (not throttled, not faulted)
     */
    public long answered(Operation op) {
        return answered.get(op).get();
    }

    /** @return the requests answered with the throttling response */
    public long throttled() {
        return throttled.get();
    }

    /** @return the requests that got an injected fault */
    public long faults() {
        return faults.get();
    }
}
