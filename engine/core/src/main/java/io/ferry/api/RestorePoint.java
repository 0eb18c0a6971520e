package io.ferry.api;

import io.ferry.restore.RestorePointProvider;
import io.ferry.state.RestorePointTable;
import java.time.Instant;

/**
 * A restore point as {@code ferry backups} lists it: what it was taken of, how much it holds and
 * when; never a value.
 *
 * @param name its name, unique in the state store
 * @param storeUri the store it was taken of
 * @param location where its records are: null for the state store, else a store URI such as {@code local:FILE}
 * @param keys the key globs it was limited to, comma-separated, or null for every key
 * @param allVersions whether it holds every version the store kept, or the current ones only
 * @param keyCount the keys it holds
 * @param recordCount the record versions it holds
 * @param createdAt when it was taken
 * @param runId the run that took it before writing, or null when taken by {@code ferry backup}
 * @param role which of that run's stores it is ({@code source} or {@code target}), or null
 * @param complete whether taking it finished; an incomplete point is never restored
 */
public record RestorePoint(String name, String storeUri, String location, String keys, boolean allVersions,
                           long keyCount, long recordCount, Instant createdAt, String runId, String role,
                           boolean complete) {

    /** The scheme that names a restore point as a store to read: {@code point:NAME}. */
    public static final String SCHEME = RestorePointProvider.SCHEME;

    static RestorePoint of(RestorePointTable.Point p) {
        return new RestorePoint(p.name(), p.storeUri(), p.location(), p.keys(), p.allVersions(), p.keyCount(),
                p.recordCount(), p.createdAt(), p.runId(), p.role(), p.complete());
    }
}
