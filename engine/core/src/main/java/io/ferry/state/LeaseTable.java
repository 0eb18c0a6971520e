package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code ferry_leases} table: one row per thing that one process at a time may drive, a run
 * ({@code run:ID}) or the migration lock ({@code migrate}), naming the holder and when its lease
 * runs out. Every change is one statement whose condition the database checks as it writes, so
 * that two processes, on one host or on two, never both believe they hold a lease. Times are the
 * callers' clocks, so hosts sharing a store must keep their clocks in step (NTP) to well within a
 * lease's duration. {@link Leases} is the way in.
 */
final class LeaseTable {

    private static final String COLUMNS = "pid, host, token, taken_at, expires_ms";

    private final Database db;

    LeaseTable(Database db) {
        this.db = db;
    }

    /**
     * @param name the lease
     * @return its holder, if anyone has it, expired or not
     */
    Optional<LeaseHolder> holder(String name) {
        return db.first("read lease " + name, "SELECT " + COLUMNS + " FROM ferry_leases WHERE name = ?",
                rs -> new LeaseHolder(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)),
                        Instant.ofEpochMilli(rs.getLong(5))), name);
    }

    /**
     * Takes the lease when no one holds it or its holder's lease has run out: one insert that, when
     * the row exists, overwrites it only if it has expired.
     *
     * @param name the lease
     * @param taker who takes it
     * @param now the time
     * @param duration how long it lasts unless renewed
     * @return whether the taker holds it now
     */
    boolean tryTake(String name, ProcessIdentity taker, Instant now, Duration duration) {
        return db.update("take lease " + name, "INSERT INTO ferry_leases (name, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, host = excluded.host, token = excluded.token, "
                + "taken_at = excluded.taken_at, expires_ms = excluded.expires_ms WHERE ferry_leases.expires_ms <= ?",
                name, taker.pid(), taker.host(), taker.token(), now, now.plus(duration).toEpochMilli(), now.toEpochMilli()) == 1;
    }

    /**
     * Takes the lease from the holder seen, whether or not it has run out: for a holder known to be
     * gone, or when forced.
     *
     * @param name the lease
     * @param seen the holder seen
     * @param taker who takes it
     * @param now the time
     * @param duration how long it lasts unless renewed
     * @return whether the taker holds it now (false when it changed hands since it was seen)
     */
    boolean takeOver(String name, LeaseHolder seen, ProcessIdentity taker, Instant now, Duration duration) {
        return db.update("take over lease " + name, "UPDATE ferry_leases SET pid = ?, host = ?, token = ?, taken_at = ?, expires_ms = ? "
                + "WHERE name = ? AND pid = ? AND host = ? AND token = ?", taker.pid(), taker.host(), taker.token(), now,
                now.plus(duration).toEpochMilli(), name, seen.pid(), seen.host(), seen.token()) == 1;
    }

    /**
     * Pushes the lease's expiry on, if the holder still has it.
     *
     * @param name the lease
     * @param holder its holder
     * @param now the time
     * @param duration how long it lasts from now
     * @return whether the holder still had it (false once another process took it over)
     */
    boolean renew(String name, ProcessIdentity holder, Instant now, Duration duration) {
        return db.update("renew lease " + name, "UPDATE ferry_leases SET expires_ms = ? WHERE name = ? AND pid = ? AND host = ? AND token = ?",
                now.plus(duration).toEpochMilli(), name, holder.pid(), holder.host(), holder.token()) == 1;
    }

    /**
     * Gives the lease up, if the holder still has it.
     *
     * @param name the lease
     * @param holder its holder
     * @return whether it was removed
     */
    boolean release(String name, ProcessIdentity holder) {
        return remove(name, holder.pid(), holder.host(), holder.token());
    }

    /**
     * Removes the lease of the holder seen, whoever that is.
     *
     * @param name the lease
     * @param seen the holder seen
     * @return whether it was removed (false when it changed hands since it was seen)
     */
    boolean breakLease(String name, LeaseHolder seen) {
        return remove(name, seen.pid(), seen.host(), seen.token());
    }

    private boolean remove(String name, long pid, String host, String token) {
        return db.update("release lease " + name, "DELETE FROM ferry_leases WHERE name = ? AND pid = ? AND host = ? AND token = ?",
                name, pid, host, token) == 1;
    }
}
