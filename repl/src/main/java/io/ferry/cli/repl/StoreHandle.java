package io.ferry.cli.repl;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An open store in the REPL, as {@code open('local:secrets.db')} returns it: list its keys, read
 * a record (whose value prints masked), write a value. The shell closes it when it exits.
 */
public final class StoreHandle implements AutoCloseable {

    private static final String ROW = "%-40s  %s%n";
    private static final int PAGE = 100;

    private final String uri;
    private final SecretProvider store;
    private final PrintWriter out;
    private final Consumer<SecretRecord> seen;

    StoreHandle(String uri, SecretProvider store, PrintWriter out, Consumer<SecretRecord> seen) {
        this.uri = uri;
        this.store = store;
        this.out = out;
        this.seen = seen;
    }

    /** @return the store's URI, as it was opened */
    public String getUri() {
        return uri;
    }

    /** @return every key, after printing them with their versions */
    public Listing<String> ls() {
        return ls("");
    }

    /**
     * @param prefix only keys starting with this, for example {@code app/}
     * @return the keys, after printing them with their versions
     */
    public Listing<String> ls(String prefix) {
        Listing<String> keys = new Listing<>("key", "keys");
        try (Stream<SecretSummary> listing = store.stream(prefix, PAGE)) {
            listing.forEach(s -> {
                if (keys.isEmpty()) {
                    out.printf(ROW, "KEY", "VERSION");
                }
                out.printf(ROW, s.key(), s.version() == null ? "-" : s.version());
                keys.add(s.key());
            });
        }
        out.flush();
        return keys;
    }

    /**
     * @param key the secret's key
     * @return its record; it prints with its value masked, and {@code reveal(record)} shows the value
     */
    public SecretRecord get(String key) {
        SecretRecord rec = store.read(key).orElseThrow(() -> new IllegalArgumentException(
                "no secret '" + key + "' in " + uri + "; list the keys with: open('" + uri + "').ls()"));
        seen.accept(rec);
        return rec;
    }

    /**
     * Writes a value, over the version just read so that a change made meanwhile is not lost.
     *
     * @param key the secret's key
     * @param value text, bytes, a {@link SecretValue} or a record whose value to take
     */
    public void put(String key, Object value) {
        SecretValue secret = valueOf(value);
        Optional<SecretRecord> existing = store.read(key);
        SecretRecord rec = existing.map(SecretRecord::toBuilder).orElseGet(() -> SecretRecord.builder(key))
                .value(secret).build();
        seen.accept(rec);
        List<String> problems = store.constraints().violations(rec, store.constraints().encodedSize(rec));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot put '" + key + "' in " + uri + ": " + String.join("; ", problems));
        }
        WriteCondition condition = existing.map(SecretRecord::version).map(WriteCondition::ifVersion)
                .orElse(existing.isPresent() ? WriteCondition.upsert() : WriteCondition.createOnly());
        WriteResult written;
        try {
            written = store.write(rec, condition, WriteOptions.none());
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.CONFLICT || e.kind() == ProviderException.Kind.EXISTS) {
                throw new IllegalStateException("'" + key + "' in " + uri
                        + " was changed by someone else while writing; look at it with get, then put again", e);
            }
            throw e;
        }
        out.println((written.created() ? "created " : "updated ") + key + " in " + uri + " (version "
                + written.version() + ", " + secret.size() + " bytes)");
        out.flush();
    }

    private SecretValue valueOf(Object value) {
        if (value instanceof SecretValue v) {
            return v;
        }
        if (value instanceof SecretRecord r) {
            return r.value();
        }
        if (value instanceof byte[] bytes) {
            return SecretValue.ofBytes(bytes);
        }
        if (value instanceof CharSequence text) {
            return SecretValue.ofText(text);
        }
        throw new IllegalArgumentException("put takes text, bytes, a SecretValue or a SecretRecord, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "store " + uri;
    }
}
