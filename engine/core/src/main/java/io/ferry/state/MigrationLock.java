package io.ferry.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The lock that keeps two {@code ferry migrate} processes from running on one state store at once:
 * a row naming the holder's process and host. Taking it is one insert, which SQLite makes atomic
 * across processes.
 */
public final class MigrationLock {

    private static final String NAME = "migrate";

    private final StateStore store;

    private MigrationLock(StateStore store) {
        this.store = store;
    }

    /**
     * @param store the state store
     * @return its migration lock
     */
    public static MigrationLock of(StateStore store) {
        return new MigrationLock(store);
    }

    /**
     * Who holds the lock.
     *
     * @param pid the holder's process id
     * @param host the holder's host name
     * @param startedAt when it took the lock
     */
    public record Holder(long pid, String host, Instant startedAt) {

        /** @return whether the holder is this process */
        public boolean isThisProcess() {
            return pid == ProcessHandle.current().pid() && host.equals(thisHost());
        }

        /**
         * @return whether the holder is known to be gone: a process of this host that no longer runs.
         *     A holder on another host cannot be checked, and counts as alive.
         */
        public boolean isGone() {
            return host.equals(thisHost()) && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }

        @Override
        public String toString() {
            return "process " + pid + " on " + host + " since " + startedAt;
        }
    }

    /** @return the holder, if the lock is held */
    public Optional<Holder> holder() {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "SELECT pid, host, started_at FROM ferry_migration_lock WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Holder(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw store.failure("read the migration lock", e);
            }
        }
    }

    /** @return whether this process took the lock; false when someone holds it */
    public boolean tryAcquire() {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "INSERT OR IGNORE INTO ferry_migration_lock (name, pid, host, started_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, NAME);
                ps.setLong(2, ProcessHandle.current().pid());
                ps.setString(3, thisHost());
                ps.setString(4, Instant.now().toString());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw store.failure("take the migration lock", e);
            }
        }
    }

    /** Releases the lock if this process holds it. */
    public void release() {
        delete(ProcessHandle.current().pid(), thisHost());
    }

    /**
     * Removes the lock of the given holder, whoever that is; for a holder that crashed.
     *
     * @param holder the holder seen
     * @return whether the lock was removed (false when it changed hands meanwhile)
     */
    public boolean breakLock(Holder holder) {
        return delete(holder.pid(), holder.host());
    }

    private boolean delete(long pid, String host) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "DELETE FROM ferry_migration_lock WHERE name = ? AND pid = ? AND host = ?")) {
                ps.setString(1, NAME);
                ps.setLong(2, pid);
                ps.setString(3, host);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw store.failure("release the migration lock", e);
            }
        }
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
