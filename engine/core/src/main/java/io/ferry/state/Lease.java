package io.ferry.state;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease this process holds, kept alive by a heartbeat until it is closed, which gives it up.
 * The heartbeat is a daemon thread that renews the lease every third of its duration, whatever
 * the holder is doing: a stage may rightly spend longer than a lease between two journal writes
 * (a store that throttles, a restore point, validating a large target), and a lease renewed only
 * between batches would expire under it. A process that stops (killed, its machine gone) stops
 * renewing, and its lease runs out one duration later at most. Should a renewal find the lease
 * taken over (forced, or after a stall longer than its duration), the heartbeat stops and tells
 * the holder, who must stop driving what the lease covered. A renewal the store refuses for a
 * while (a network blip) is tried again at the next beat.
 */
public final class Lease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

    private final LeaseTable table;
    private final String name;
    private final ProcessIdentity holder;
    private final Duration duration;
    private final Clock clock;
    private final Runnable onLost;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private final Thread heartbeat;
    private boolean closed;
    private volatile boolean lost;

    Lease(LeaseTable table, String name, ProcessIdentity holder, Duration duration, Clock clock, Runnable onLost) {
        this.table = table;
        this.name = name;
        this.holder = holder;
        this.duration = duration;
        this.clock = clock;
        this.onLost = onLost;
        this.heartbeat = new Thread(this::beat, "ferry-lease-" + name);
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    /** @return the lease's name */
    public String name() {
        return name;
    }

    /** @return whether another process took the lease over while this one held it */
    public boolean lost() {
        return lost;
    }

    private void beat() {
        long interval = Math.max(1, duration.toNanos() / 3);
        while (awaitNextBeat(interval)) {
            try {
                if (!table.renew(name, holder, clock.instant(), duration)) {
                    if (!isClosed()) {
                        lost = true;
                        LOG.warn("lease {} was taken over by {}; this process stops driving it", name,
                                table.holder(name).map(LeaseHolder::toString).orElse("another process, which has released it since"));
                        onLost.run();
                    }
                    return;
                }
            } catch (StateException e) {
                LOG.warn("could not renew lease {} ({}); trying again in {} ms", name, e.getMessage(), TimeUnit.NANOSECONDS.toMillis(interval));
            }
        }
    }

    /** @return false once the lease is closed */
    private boolean awaitNextBeat(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!closed && left > 0) {
                left = closing.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the heartbeat, letting a renewal under way finish, and gives the lease up if this process still holds it. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closing.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            heartbeat.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lost) {
            table.release(name, holder);
        }
    }
}
