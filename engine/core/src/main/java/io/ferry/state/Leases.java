package io.ferry.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of one state store as this process takes them: as whom ({@link ProcessIdentity}),
 * for how long, and by which clock. A lease taken is a {@link Lease}, which renews itself until it
 * is closed. Obtained from {@link StateStore#leases}.
 */
public final class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final LeaseTable table;
    private final ProcessIdentity self;
    private final Duration duration;
    private final Clock clock;

    Leases(LeaseTable table, ProcessIdentity self, Duration duration, Clock clock) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive duration, not " + duration);
        }
        this.table = table;
        this.self = Objects.requireNonNull(self, "self");
        this.duration = duration;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return this process, as its leases name it */
    public ProcessIdentity self() {
        return self;
    }

    /** @return how long a lease lasts unless renewed */
    public Duration duration() {
        return duration;
    }

    /** @return the time by the clock leases are judged by */
    public Instant now() {
        return clock.instant();
    }

    /**
     * @param name a lease
     * @return its holder, if anyone has it, expired or not
     */
    public Optional<LeaseHolder> holder(String name) {
        return table.holder(name);
    }

    /**
     * Takes a lease no one holds, or whose holder let it run out.
     *
     * @param name the lease
     * @param onLost told, on the heartbeat's thread, if another process takes the lease over while this one holds it
     * @return the lease, or empty when another process holds it and it has not run out
     */
    public Optional<Lease> tryTake(String name, Runnable onLost) {
        Instant now = now();
        Optional<LeaseHolder> before = table.holder(name);
        if (!table.tryTake(name, self, now, duration)) {
            return Optional.empty();
        }
        before.filter(h -> h.expired(now)).ifPresent(h -> LOG.info("took over lease {} of {}, which has run out", name, h));
        return Optional.of(new Lease(table, name, self, duration, clock, onLost));
    }

    /**
     * Takes a lease from the holder seen, whether or not it has run out: for a holder known to be
     * gone, or when told to.
     *
     * @param name the lease
     * @param seen the holder seen
     * @param onLost told if another process takes the lease over in turn
     * @return the lease, or empty when it changed hands since it was seen
     */
    public Optional<Lease> takeOver(String name, LeaseHolder seen, Runnable onLost) {
        if (!table.takeOver(name, seen, self, now(), duration)) {
            return Optional.empty();
        }
        LOG.warn("took over lease {} of {}", name, seen);
        return Optional.of(new Lease(table, name, self, duration, clock, onLost));
    }

    /**
     * Removes the lease of the holder seen, whoever that is.
     *
     * @param name the lease
     * @param seen the holder seen
     * @return whether it was removed (false when it changed hands since it was seen)
     */
    public boolean breakLease(String name, LeaseHolder seen) {
        return table.breakLease(name, seen);
    }

    /** @return the lock that keeps two {@code ferry migrate} processes apart, on this store */
    public MigrationLock migrationLock() {
        return new MigrationLock(this);
    }
}
