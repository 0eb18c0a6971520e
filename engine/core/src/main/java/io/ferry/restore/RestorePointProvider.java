package io.ferry.restore;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import io.ferry.state.RestorePointTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restore point kept in the state store, read as a store: {@code point:NAME}. It lists, reads and
 * gives the history of what the point holds, opening each record with the point's data key, and
 * refuses every write; a restore reads from it as a run reads from any source, and {@code ferry ls}
 * lists it by key, version, time and tags.
 */
public final class RestorePointProvider implements SecretProvider {

    /** The scheme that names a restore point as a store. */
    public static final String SCHEME = "point";

    private final RestorePointTable.Sealed records;
    private final ProviderSpec spec;

    /**
     * @param records the point's sealed records
     */
    public RestorePointProvider(RestorePointTable.Sealed records) {
        this.records = records;
        this.spec = new ProviderSpec(SCHEME, records.point(), Map.of());
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return Constraints.lenient("restore point");
    }

    /** Each summary is the current record's version, time and tags as the point keeps them; never its value. */
    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        List<String> keys = records.keys(prefix, pageToken, pageSize);
        List<SecretSummary> summaries = keys.stream().map(k -> read(k).map(SecretSummary::of)
                .orElseGet(() -> new SecretSummary(k, null, null, Map.of()))).toList();
        return new Page<>(summaries, keys.size() < pageSize ? null : keys.get(keys.size() - 1));
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        List<SecretRecord> versions = records.versions(key);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public List<SecretRecord> history(String key) {
        return records.versions(key);
    }

    @Override
    public Optional<String> writeRefusal() {
        return Optional.of("restore point " + records.point() + " is read-only; restore it into its store with: ferry restore "
                + records.point());
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        throw new ProviderException(ProviderException.Kind.INVALID, record.key(), writeRefusal().orElseThrow());
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        throw new ProviderException(ProviderException.Kind.INVALID, key, writeRefusal().orElseThrow());
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        return new HealthReport(spec.toUri(), true, true, true, writeProbe ? false : null,
                writeProbe ? List.of(writeRefusal().orElseThrow()) : List.of());
    }

    @Override
    public void close() {
        // The records live in the state store, which the engine closes.
    }
}
