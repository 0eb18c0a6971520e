package io.ferry.restore;

import io.ferry.run.Cancellation;
import io.ferry.runbook.Discovery;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.state.RestorePointTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Takes a restore point: pages through a store, reads each matching secret (with its earlier
 * versions when asked) in batches, and adds them to the point, sealed in the state store or written
 * to a local store file. Memory stays bounded by the batch size. The point is marked complete only
 * when every matching secret is in it, so that a point cut short is never restored.
 */
public final class RestorePointWriter {

    private static final int BATCH = 100;

    private final SecretProvider store;
    private final List<Pattern> globs;
    private final boolean allVersions;

    /**
     * @param store the store to take the point of
     * @param globs key globs to keep ({@code *} within a segment, {@code **} across); empty for every key
     * @param allVersions whether to keep every version the store has, or the current ones only
     */
    public RestorePointWriter(SecretProvider store, List<String> globs, boolean allVersions) {
        this.store = store;
        this.globs = globs.stream().map(Discovery::glob).toList();
        this.allVersions = allVersions;
    }

    /**
     * @param key a key of the store
     * @return whether the point keeps it
     */
    public boolean keeps(String key) {
        return globs.isEmpty() || globs.stream().anyMatch(p -> p.matcher(key).matches());
    }

    /**
     * Takes the point.
     *
     * @param sealed the point's records in the state store
     * @param localCopy the local store its records go to instead, or null to keep them in the state store
     * @param cancellation checked between batches
     * @return the counts, or null when cancelled (the point stays incomplete)
     */
    public Counts take(RestorePointTable.Sealed sealed, SecretProvider localCopy, Cancellation cancellation) {
        long keys = 0;
        long records = 0;
        try (Stream<SecretSummary> listing = store.stream("", BATCH)) {
            Iterator<String> it = listing.map(SecretSummary::key).filter(this::keeps).iterator();
            List<String> batch = new ArrayList<>(BATCH);
            while (it.hasNext()) {
                if (cancellation.requested()) {
                    return null;
                }
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    List<List<SecretRecord>> versions = read(batch);
                    if (localCopy == null) {
                        sealed.add(versions);
                    } else {
                        versions.forEach(history -> history.forEach(r ->
                                localCopy.write(r, WriteCondition.upsert(), WriteOptions.none())));
                    }
                    keys += versions.size();
                    records += versions.stream().mapToLong(List::size).sum();
                    batch.clear();
                }
            }
        }
        sealed.complete(keys, records);
        return new Counts(keys, records);
    }

    /** A secret gone between listing and reading is left out, as it is from the store. */
    private List<List<SecretRecord>> read(List<String> batch) {
        List<List<SecretRecord>> out = new ArrayList<>(batch.size());
        Map<String, SecretRecord> current = store.readBatch(batch);
        for (String key : batch) {
            SecretRecord record = current.get(key);
            if (record == null) {
                continue;
            }
            if (!allVersions) {
                out.add(List.of(record));
                continue;
            }
            List<SecretRecord> history = new ArrayList<>(store.history(key));
            if (history.isEmpty() || !sameVersion(history.get(history.size() - 1), record)) {
                history.add(record);
            }
            out.add(history);
        }
        return out;
    }

    private static boolean sameVersion(SecretRecord a, SecretRecord b) {
        return a.version() != null ? a.version().equals(b.version()) : a.value().equals(b.value());
    }

    /**
     * What a point holds.
     *
     * @param keys the secrets
     * @param records the versions, at least one per secret
     */
    public record Counts(long keys, long records) {
    }
}
