package io.ferry.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ferry backup} takes a restore point of.
 *
 * @param storeUri the store, for example {@code aws:us-east-1/app/}
 * @param keys key globs to keep ({@code *} within a segment, {@code **} across); empty for every key
 * @param allVersions whether to keep every version the store has, or the current ones only
 * @param to a local store file ({@code local:FILE}) to keep the records in instead of the state
 *     store, or null
 * @param retention after taking it, delete the points taken longer ago than this; null to keep every one
 * @param runId the run taking it before it writes, or null
 * @param role which of that run's stores it is, {@code source} or {@code target}, or null
 */
public record BackupRequest(String storeUri, List<String> keys, boolean allVersions, String to, Duration retention,
                            String runId, String role) {

    /** Copies the globs. */
    public BackupRequest {
        Objects.requireNonNull(storeUri, "storeUri");
        keys = List.copyOf(keys);
    }

    /**
     * A restore point taken by {@code ferry backup}, for no run.
     *
     * @param storeUri the store
     * @param keys key globs; empty for every key
     * @param allVersions whether to keep every version
     * @param to a local store file, or null for the state store
     * @param retention prune points older than this, or null
     * @return the request
     */
    public static BackupRequest of(String storeUri, List<String> keys, boolean allVersions, String to, Duration retention) {
        return new BackupRequest(storeUri, keys, allVersions, to, retention, null, null);
    }
}
