package io.ferry.run;

import io.ferry.spi.pacing.PaceReading;
import java.util.List;
import java.util.Objects;

/**
 * How a run's calls to one of its stores are paced at one moment: the readings of the limiters in
 * front of it, for the progress line and the report.
 *
 * @param role {@code source} or {@code target}
 * @param store the store's URI, without credentials
 * @param limiters one reading per limiter
 */
public record StorePace(String role, String store, List<PaceReading> limiters) {

    /** Copies the readings. */
    public StorePace {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(store, "store");
        limiters = List.copyOf(limiters);
    }

    /** @return the store's scheme ({@code vault}), which names it briefly */
    public String scheme() {
        int colon = store.indexOf(':');
        return colon < 0 ? store : store.substring(0, colon);
    }

    /** @return throttled answers, over every limiter and class of call */
    public long throttled() {
        return limiters.stream().mapToLong(PaceReading::throttled).sum();
    }

    /** @return whether the store throttled a call lately, so that its pace is backing off */
    public boolean backingOff() {
        return limiters.stream().flatMap(l -> l.lanes().stream()).anyMatch(PaceReading.Lane::backingOff);
    }
}
