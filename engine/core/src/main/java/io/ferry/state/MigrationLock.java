package io.ferry.state;

import java.util.Optional;

/**
 * The lock that keeps two {@code ferry migrate} processes from running on one state store at once,
 * on one host or on several: the lease {@value #NAME}, renewed while migrate runs. A holder whose
 * lease has run out (its machine vanished, or it stopped renewing) is taken over by the next
 * migrate; a holder of this host that no longer runs is known to be gone at once, and is reported
 * for someone to break the lock. Obtained from {@link Leases#migrationLock()}; one object takes and
 * releases the lock once at a time.
 */
public final class MigrationLock {

    /** The lease's name. */
    static final String NAME = "migrate";

    private final Leases leases;
    private Lease held;

    MigrationLock(Leases leases) {
        this.leases = leases;
    }

    /** @return the holder, if the lock is held, its lease run out or not */
    public Optional<LeaseHolder> holder() {
        return leases.holder(NAME);
    }

    /**
     * Takes the lock when no one holds it or its holder's lease has run out.
     *
     * @return whether this process took the lock; false when someone else holds it
     */
    public boolean tryAcquire() {
        Optional<Lease> lease = leases.tryTake(NAME, () -> { });
        lease.ifPresent(l -> held = l);
        return lease.isPresent();
    }

    /** @return whether this process took the lock and another took it over since */
    public boolean lost() {
        return held != null && held.lost();
    }

    /** Releases the lock if this process holds it. */
    public void release() {
        if (held != null) {
            held.close();
            held = null;
        }
    }

    /**
     * @param holder a holder seen
     * @return whether it is known to be gone: a process of this host that no longer runs
     */
    public boolean isGone(LeaseHolder holder) {
        return leases.self().outlives(holder);
    }

    /**
     * @param holder a holder seen
     * @return whether its lease has run out
     */
    public boolean expired(LeaseHolder holder) {
        return holder.expired(leases.now());
    }

    /**
     * Removes the lock of the given holder, whoever that is; for a holder that crashed.
     *
     * @param holder the holder seen
     * @return whether the lock was removed (false when it changed hands meanwhile)
     */
    public boolean breakLock(LeaseHolder holder) {
        return leases.breakLease(NAME, holder);
    }
}
