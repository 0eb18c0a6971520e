package io.ferry.provider.memory;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ChangeFeed;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.PageTokens;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SecretProvider} over an in-process store, for tests, rehearsals and the REPL. Stores
 * opened under the same name in one JVM share their data; an unnamed store is private to its
 * provider. When it emulates a cloud store it declares and enforces that store's
 * {@link Constraints}, including case-insensitive names.
 *
 * <p>Every write makes a new version ({@code "1"}, {@code "2"}, ...) and history is kept in full.
 * A write repeated with the idempotency token of an earlier version of the same data is a no-op
 * that returns that version. Its {@link ChangeFeed} keeps the latest changes, so that continuous
 * sync can be rehearsed against it, cursor expiry included. Thread-safe. Opened by {@link MemoryProviderFactory}.
 */
public final class MemoryProvider implements SecretProvider, ChangeFeed {

    private final ProviderSpec spec;
    private final MemoryStore store;
    private volatile boolean closed;

    MemoryProvider(ProviderSpec spec, MemoryStore store) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return store.constraints();
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        ensureOpen();
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        String after = pageToken == null ? null : PageTokens.decode(pageToken, spec.toUri());
        // One more than asked tells whether another page follows, so the last page has no token.
        List<SecretRecord> found = store.range(prefix == null ? "" : prefix, after, pageSize + 1);
        List<SecretSummary> items = found.stream().limit(pageSize).map(SecretSummary::of).toList();
        String next = found.size() > pageSize ? PageTokens.encode(store.identity(items.get(items.size() - 1).key())) : null;
        return new Page<>(items, next);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        ensureOpen();
        return store.current(key);
    }

    @Override
    public List<SecretRecord> history(String key) {
        ensureOpen();
        return store.history(key);
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        ensureOpen();
        Objects.requireNonNull(condition, "condition");
        List<String> problems = store.constraints().violations(record, store.constraints().encodedSize(record));
        if (!problems.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, record.key(), "cannot write '" + record.key()
                    + "' to " + where() + ": " + String.join("; ", problems));
        }
        return store.write(record, condition, options == null ? null : options.idempotencyToken(), where());
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        ensureOpen();
        return store.delete(key, ifVersion, where());
    }

    @Override
    public boolean isSoftDeleted(String key) {
        ensureOpen();
        return store.isSoftDeleted(key);
    }

    @Override
    public void recover(String key) {
        ensureOpen();
        if (!store.softDelete()) {
            SecretProvider.super.recover(key);
        }
        store.recover(key, where());
    }

    @Override
    public void purge(String key) {
        ensureOpen();
        if (!store.softDelete()) {
            SecretProvider.super.purge(key);
        }
        store.purge(key, where());
    }

    @Override
    public String currentCursor() {
        ensureOpen();
        return Long.toString(store.changeSeq());
    }

    @Override
    public Changes changesSince(String cursor, int limit) {
        ensureOpen();
        long after;
        try {
            after = Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new CursorExpiredException("'" + cursor + "' is not a cursor of a memory store");
        }
        return store.changesSince(after, limit);
    }

    /** Memory is always reachable while open; a write probe has nothing further to prove. */
    @Override
    public HealthReport health(boolean writeProbe) {
        if (closed) {
            return new HealthReport(spec.toUri(), false, null, null, null,
                    List.of(spec.toUri() + " is closed; open it again"));
        }
        return new HealthReport(spec.toUri(), true, true, true, writeProbe ? Boolean.TRUE : null, List.of());
    }

    /** Closes this view; a named store keeps its data for the next provider opened on it. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryProvider[" + spec.toUri() + "]";
    }

    private String where() {
        return store.emulation() == null ? spec.toUri() : spec.toUri() + " (emulating " + store.emulation() + ")";
    }

    private void ensureOpen() {
        if (closed) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, spec.toUri()
                    + " is closed; open the provider again", false, null, null);
        }
    }
}
