package io.ferry.state;

import java.time.Instant;

/**
 * Who holds a lease, as its row says.
 *
 * @param pid the holder's process id
 * @param host the holder's host (its name, or what {@value ProcessIdentity#HOST_VARIABLE} named it)
 * @param token the holder's process token
 * @param takenAt when it took the lease
 * @param expiresAt when the lease runs out unless renewed
 */
public record LeaseHolder(long pid, String host, String token, Instant takenAt, Instant expiresAt) {

    /**
     * @param now the time
     * @return whether the lease has run out: its holder stopped renewing it
     */
    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** @return the holder for messages: its process, host and the lease's expiry */
    @Override
    public String toString() {
        return "process " + pid + " on " + host + " (lease expires " + expiresAt + ")";
    }
}
