package io.ferry.provider.local;

import io.ferry.internal.Failures;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.PageTokens;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteOutcome;
import io.ferry.spi.WriteRequest;
import io.ferry.spi.WriteResult;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SecretProvider} over a local encrypted SQLite file, seen through a key prefix. Keeps
 * every version of every secret (history oldest first), tags, content type, attributes and
 * created, updated and expiry times; values are encrypted at rest, bound to their key and version.
 *
 * <p>Every write makes a new version ({@code "1"}, {@code "2"}, ...). A write repeated with the
 * idempotency token of an earlier version of the same data is a no-op that returns that version.
 * Thread-safe. Opened by {@link LocalProviderFactory}.
 */
public final class LocalProvider implements SecretProvider {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProviderSpec spec;
    private final LocalStore store;
    private final Constraints constraints = LocalProviderFactory.CONSTRAINTS;

    LocalProvider(ProviderSpec spec, LocalStore store) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the store file */
    public Path path() {
        return store.path();
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        String after = pageToken == null ? null : PageTokens.decode(pageToken, spec.toUri());
        // One more than asked tells whether another page follows, so the last page has no token.
        List<SecretSummary> found = store.list(prefix == null ? "" : prefix, after, pageSize + 1);
        List<SecretSummary> items = found.size() > pageSize ? new ArrayList<>(found.subList(0, pageSize)) : found;
        String next = found.size() > pageSize ? PageTokens.encode(items.get(items.size() - 1).key()) : null;
        return new Page<>(items, next);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        return store.read(key);
    }

    /** Reads all the keys with one query per 500 keys. */
    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        return store.readBatch(keys);
    }

    @Override
    public List<SecretRecord> history(String key) {
        return store.history(key);
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        Objects.requireNonNull(condition, "condition");
        checkConstraints(record);
        return store.write(record, condition, options == null ? null : options.idempotencyToken());
    }

    /** Writes the batch in one transaction; records that break the store's rules fail alone. */
    @Override
    public List<WriteOutcome> writeBatch(List<WriteRequest> requests) {
        List<WriteOutcome> outcomes = new ArrayList<>(Collections.nCopies(requests.size(), (WriteOutcome) null));
        List<WriteRequest> valid = new ArrayList<>(requests.size());
        List<Integer> positions = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                checkConstraints(requests.get(i).record());
                valid.add(requests.get(i));
                positions.add(i);
            } catch (ProviderException e) {
                outcomes.set(i, WriteOutcome.failed(e));
            }
        }
        List<WriteOutcome> written = valid.isEmpty() ? List.of() : store.writeBatch(valid);
        for (int i = 0; i < written.size(); i++) {
            outcomes.set(positions.get(i), written.get(i));
        }
        return outcomes;
    }

    private void checkConstraints(SecretRecord record) {
        List<String> problems = constraints.violations(record, constraints.encodedSize(record));
        if (!problems.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, record.key(), "cannot write '" + record.key()
                    + "' to " + store.where() + ": " + String.join("; ", problems));
        }
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        return store.delete(key, ifVersion);
    }

    /**
     * Reads the store and lists one entry; with a write probe, also writes, reads back, deletes and
     * purges a key named {@code .ferry-health-probe-<random>}, leaving no trace.
     */
    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = store.path().toString();
        List<String> problems = new ArrayList<>();
        boolean canList;
        try {
            list("", null, 1);
            canList = true;
        } catch (RuntimeException e) {
            canList = false;
            problems.add("cannot read " + store.where() + ": " + Failures.message(e));
        }
        Boolean canWrite = null;
        if (writeProbe && canList) {
            canWrite = probe(problems);
        }
        // The file opened and the passphrase passed the key check when the store opened; reading proves the rest.
        return new HealthReport(endpoint, true, true, canList, canWrite, problems);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "LocalProvider[" + spec.toUri() + "]";
    }

    private boolean probe(List<String> problems) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String key = ".ferry-health-probe-" + HexFormat.of().formatHex(random);
        SecretRecord probe = SecretRecord.ofText(key, "probe");
        try {
            String version = write(probe, WriteCondition.createOnly(), WriteOptions.none()).version();
            boolean readBack = read(key).map(r -> r.value().equals(probe.value())).orElse(false);
            delete(key, version);
            store.purge(key);
            if (!readBack) {
                problems.add("the probe written to " + store.where() + " did not read back; the file may be damaged: "
                        + "restore it from a backup");
            }
            return readBack;
        } catch (RuntimeException e) {
            problems.add("cannot write to " + store.where() + ": " + Failures.message(e));
            return false;
        }
    }
}
