package io.ferry.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The lock that keeps two {@code ferry migrate} processes from running on one state store at once:
 * the {@code ferry_migration_lock} table's one row, naming the holder's process and host. Taking it
 * is one insert, which the database makes atomic across processes. Obtained from
 * {@link StateStore#migrationLock()}.
 */
public final class MigrationLock {

    private static final String NAME = "migrate";

    private final Database db;

    MigrationLock(Database db) {
        this.db = db;
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
        return db.first("read the migration lock", "SELECT pid, host, started_at FROM ferry_migration_lock WHERE name = ?",
                rs -> new Holder(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))), NAME);
    }

    /** @return whether this process took the lock; false when someone holds it */
    public boolean tryAcquire() {
        return db.update("take the migration lock", db.dialect().insertOrIgnore("ferry_migration_lock", "name, pid, host, started_at"),
                NAME, ProcessHandle.current().pid(), thisHost(), Instant.now()) == 1;
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
        return db.update("release the migration lock", "DELETE FROM ferry_migration_lock WHERE name = ? AND pid = ? AND host = ?",
                NAME, pid, host) == 1;
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
