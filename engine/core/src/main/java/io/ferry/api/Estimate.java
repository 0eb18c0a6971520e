package io.ferry.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What applying a plan will cost, worked out from the plan before anything runs: its records by
 * action, and for each store the run calls, the calls it will make and how long they take at the
 * rates the store's calls are paced at.
 *
 * @param records the plan's records by action, by the action's lower-case name ({@code create}, ...),
 *     in the order of the actions
 * @param stores the stores the run calls, one entry each
 * @param windows the maintenance windows the run's writes need, or null when it writes whenever it is started
 */
public record Estimate(Map<String, Long> records, List<StoreCalls> stores, Windows windows) {

    /** Copies the lists. */
    public Estimate {
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
        stores = List.copyOf(stores);
    }

    /**
     * An estimate of a run without maintenance windows.
     *
     * @param records the plan's records by action
     * @param stores the stores the run calls
     */
    public Estimate(Map<String, Long> records, List<StoreCalls> stores) {
        this(records, stores, null);
    }

    /**
     * @param schedule the windows as the runbook names them
     * @param count how many of them the writes need
     * @return this estimate with the windows it needs
     */
    public Estimate inWindows(String schedule, long count) {
        return new Estimate(records, stores, new Windows(schedule, count));
    }

    /**
     * The maintenance windows a run needs: each takes the whole batches that fit in it at the
     * target's rates.
     *
     * @param schedule the windows as the runbook names them ({@code cron '0 2 * * 0', window 2h})
     * @param count how many the writes need
     */
    public record Windows(String schedule, long count) {
    }

    /**
     * @return the time the slowest store takes: each store's calls are paced by its own limiter, so
     *     stores called side by side take the longest of their times
     */
    public Duration duration() {
        return stores.stream().map(StoreCalls::duration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * The calls a run makes to one store.
     *
     * @param role what the store is to the run ({@code target})
     * @param uri where it is, without credentials
     * @param store the store's name ("AWS Secrets Manager")
     * @param writes write calls (creating, updating, tagging)
     * @param reads read calls, one key each
     * @param batchReads calls that read many keys at once
     * @param lists listing calls
     * @param duration how long the calls take at the rates they are paced at; zero when none is
     * @param pace the rate that takes the most of that time, or null when no call is paced
     */
    public record StoreCalls(String role, String uri, String store, long writes, long reads, long batchReads, long lists,
                             Duration duration, Pace pace) {

        /** Checks the fields. */
        public StoreCalls {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * A rate that paces a run's calls.
     *
     * @param by whose rate it is: the store's name, or {@link #RUNBOOK} for the runbook's cap
     * @param calls the calls it paces ({@code writes}, {@code reads}, {@code batch reads}, {@code lists})
     * @param perSecond calls a second
     */
    public record Pace(String by, String calls, double perSecond) {

        /** Who sets the rate when it is the runbook's {@code execution { writesPerSecond }}. */
        public static final String RUNBOOK = "the runbook";
    }
}
