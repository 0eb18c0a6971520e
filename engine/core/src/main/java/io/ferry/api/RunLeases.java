package io.ferry.api;

import io.ferry.run.Cancellation;
import io.ferry.state.Lease;
import io.ferry.state.LeaseHolder;
import io.ferry.state.Leases;
import java.util.Optional;

/**
 * Keeps one process at a time driving a run or a continuous sync, on one host or on several: whatever
 * runs, resumes, retries or rolls back a run holds the lease {@code run:ID} in the state store while
 * it does, and whatever runs a sync's passes holds {@code sync:ID}. A holder whose lease has run out,
 * or that is a process of this host that no longer runs, is taken over; one that may still run
 * refuses the command, naming it, unless the command is forced.
 */
final class RunLeases {

    private final Leases leases;
    private final boolean force;
    private final Cancellation cancellation;

    /**
     * @param leases the state store's leases, as this process takes them
     * @param force take a run or sync over even from a holder that may still run
     * @param cancellation cancelled when another process takes over a run or sync this one drives, so
     *     that it stops at the next batch or pass
     */
    RunLeases(Leases leases, boolean force, Cancellation cancellation) {
        this.leases = leases;
        this.force = force;
        this.cancellation = cancellation;
    }

    /**
     * @param runId the run
     * @return its lease, held by this process until closed
     * @throws FerryException with exit code 2, naming the holder and when its lease runs out, when
     *     another process that may still run drives it
     */
    Lease take(String runId) {
        return take("run", runId, "is being driven by", "wait for it");
    }

    /**
     * @param syncId the sync
     * @return its lease, held by this process until closed
     * @throws FerryException with exit code 2, naming the holder and when its lease runs out, when
     *     another process that may still run runs its passes
     */
    Lease takeSync(String syncId) {
        return take("sync", syncId, "runs in", "it goes on there");
    }

    /**
     * @param syncId the sync
     * @return the process that runs the sync's passes now, when it is another that may still run and
     *     whose lease has not run out
     */
    Optional<LeaseHolder> syncHolder(String syncId) {
        return leases.holder("sync:" + syncId)
                .filter(h -> !leases.self().is(h) && !leases.self().outlives(h) && h.expiresAt().isAfter(leases.now()));
    }

    private Lease take(String kind, String id, String holds, String otherwise) {
        String name = kind + ":" + id;
        while (true) {
            Optional<Lease> taken = leases.tryTake(name, cancellation::cancel);
            if (taken.isPresent()) {
                return taken.get();
            }
            Optional<LeaseHolder> seen = leases.holder(name);
            if (seen.isEmpty()) {
                continue;
            }
            LeaseHolder holder = seen.get();
            if (leases.self().is(holder)) {
                throw new FerryException(ExitCode.USAGE, kind + " " + id + " is already being driven by this process; wait for that to finish");
            }
            if (force || leases.self().outlives(holder)) {
                Optional<Lease> over = leases.takeOver(name, holder, cancellation::cancel);
                if (over.isPresent()) {
                    return over.get();
                }
                continue;
            }
            throw new FerryException(ExitCode.USAGE, kind + " " + id + " " + holds + " process " + holder.pid() + " on "
                    + holder.host() + ", whose lease on it expires at " + holder.expiresAt() + "; " + otherwise
                    + ", or if that process is gone for good, repeat the command with --force");
        }
    }
}
