package io.ferry.cli;

import io.ferry.run.StorePace;
import io.ferry.spi.pacing.PaceReading;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Says in a few words how each paced store is paced now, for the progress line: the class of call
 * busiest since the last time it was asked (writes while executing, reads while validating), its
 * pace and what sets it, the throttled answers so far, and whether the store is backing off.
 * Not thread-safe: progress is heard on one thread.
 */
final class PaceText {

    /** The calls each lane had made when last described, by role, limiter and class. */
    private final Map<String, Long> lastCalls = new HashMap<>();
    private final Map<String, String> busiest = new HashMap<>();

    /**
     * @param stores the stores' pacing
     * @param brief whether to say only the role, the pace and the throttling, for a narrow line
     * @return one phrase per store, joined by "; "; empty when no store is paced
     */
    String describe(List<StorePace> stores, boolean brief) {
        return stores.stream().map(s -> describe(s, brief)).collect(Collectors.joining("; "));
    }

    private String describe(StorePace store, boolean brief) {
        PaceReading.Lane lane = busiest(store);
        StringBuilder sb = new StringBuilder(store.role());
        if (!brief) {
            sb.append(' ').append(store.scheme());
        }
        if (lane != null) {
            if (!brief) {
                sb.append(' ').append(lane.operation().name().toLowerCase(Locale.ROOT));
            }
            sb.append(' ').append(lane.limit() == PaceReading.Limit.UNPACED ? "unpaced" : Math.round(lane.pace()) + "/s");
            if (!brief) {
                sb.append(switch (lane.limit()) {
                    case QUOTA -> " quota";
                    case ADAPTIVE -> " adaptive";
                    case CAP -> " at its rate cap";
                    case UNPACED -> "";
                });
            }
        }
        long throttled = store.throttled();
        if (throttled > 0) {
            sb.append(", ").append(throttled).append(" throttled");
        }
        if (store.backingOff()) {
            sb.append(", backing off");
        }
        return sb.toString();
    }

    /** The lane that made the most calls since the last description; the one used most when none did. */
    private PaceReading.Lane busiest(StorePace store) {
        PaceReading.Lane best = null;
        long bestNew = 0;
        String bestKey = null;
        for (PaceReading limiter : store.limiters()) {
            for (PaceReading.Lane lane : limiter.lanes()) {
                String key = store.role() + '\n' + limiter.limiter() + '\n' + lane.operation();
                long fresh = lane.calls() - lastCalls.getOrDefault(key, 0L);
                lastCalls.put(key, lane.calls());
                if (fresh > bestNew) {
                    best = lane;
                    bestNew = fresh;
                    bestKey = key;
                }
            }
        }
        if (best != null) {
            busiest.put(store.role(), bestKey);
            return best;
        }
        String kept = busiest.get(store.role());
        for (PaceReading limiter : store.limiters()) {
            for (PaceReading.Lane lane : limiter.lanes()) {
                if ((store.role() + '\n' + limiter.limiter() + '\n' + lane.operation()).equals(kept)) {
                    return lane;
                }
            }
        }
        return null;
    }
}
