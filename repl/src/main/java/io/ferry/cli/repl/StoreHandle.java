package io.ferry.cli.repl;

import io.ferry.cli.terminal.Cells;
import io.ferry.run.ProgressListener;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An open store in the REPL, as {@code open('local:secrets.db')} returns it: list its keys, read
 * a record (whose value is handed out {@link Masked}), write a value. It remembers the keys it has listed or
 * written, up to a bound, for Tab to complete. The shell closes it when it exits.
 */
public final class StoreHandle implements AutoCloseable {

    /** Keys remembered for completion, per store: enough for a person to choose from. */
    static final int REMEMBERED_KEYS = 10_000;

    private static final int PAGE = 100;
    /** Keys offered whole by Tab at most; beyond that, the steps they share. */
    private static final int OFFERED_KEYS = 100;

    private final String uri;
    private final SecretProvider store;
    private final ReplOutput output;
    private final Consumer<SecretRecord> seen;
    /** The variable that holds a store, or null: where a capped listing says how to see it all. */
    private final Function<StoreHandle, String> names;
    private final NavigableSet<String> knownKeys = new TreeSet<>();
    private boolean listed;

    StoreHandle(String uri, SecretProvider store, ReplOutput output, Consumer<SecretRecord> seen,
                Function<StoreHandle, String> names) {
        this.uri = uri;
        this.names = names;
        this.store = store;
        this.output = output;
        this.seen = seen;
    }

    /** @return the store's URI, as it was opened */
    public String getUri() {
        return uri;
    }

    /** @return every secret's key, version, last update, tags and content type; never a value */
    public Listing<SecretSummary> ls() {
        return ls("");
    }

    /**
     * Lists secrets, with progress on a long listing; Ctrl-C stops it. The rows print as a table,
     * as {@code ferry ls} prints them, only when they are a line's result.
     *
     * @param prefix only keys starting with this, for example {@code app/}
     * @return the key, version, last update, tags and content type of each; never a value
     */
    public Listing<SecretSummary> ls(String prefix) {
        Listing<SecretSummary> rows = new Listing<>("key", "keys", (listed, all) -> output.page(table(listed), all ? null : allOf(prefix)));
        ProgressListener progress = output.progress();
        progress.started("listing", -1);
        try (Stream<SecretSummary> listing = store.stream(prefix, PAGE)) {
            Iterator<SecretSummary> it = listing.iterator();
            while (it.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("listing stopped by Ctrl-C after " + rows.size() + " keys");
                }
                rows.add(it.next());
                progress.progress("listing", rows.size(), -1);
            }
        }
        progress.finished("listing", rows.size());
        remember(prefix, rows.stream().map(SecretSummary::key).toList());
        return rows;
    }

    /**
     * The columns of {@code ferry ls}, and the content type where a listed secret has one (a store
     * whose listing does not tell it leaves the column out).
     */
    private static Table table(List<SecretSummary> rows) {
        boolean typed = rows.stream().anyMatch(s -> s.contentType() != null);
        Table table = typed ? new Table("KEY", "VERSION", "UPDATED", "CONTENT TYPE", "TAGS") : new Table("KEY", "VERSION", "UPDATED", "TAGS");
        rows.forEach(s -> {
            if (typed) {
                table.row(s.key(), s.version(), Cells.time(s.updatedAt()), s.contentType(), Cells.tags(s.tags()));
            } else {
                table.row(s.key(), s.version(), Cells.time(s.updatedAt()), Cells.tags(s.tags()));
            }
        });
        return table;
    }

    /** How to see every row of a listing that was capped to the screen. */
    private String allOf(String prefix) {
        String name = names.apply(this);
        String listed = prefix.isEmpty() ? "" : " " + prefix;
        return name != null ? ":ls " + name + listed + " --all"
                : "to see them all, connect the store (:connect NAME " + uri + "), then :ls NAME" + listed + " --all";
    }

    /**
     * @param key the secret's key
     * @return its record, whose value is {@link Masked}; {@code reveal(record)} shows the value
     */
    public MaskedRecord get(String key) {
        SecretRecord rec = store.read(key).orElseThrow(() -> new IllegalArgumentException(
                "no secret '" + key + "' in " + uri + "; list the keys with: open('" + uri + "').ls()"));
        seen.accept(rec);
        return new MaskedRecord(rec);
    }

    /**
     * Writes a value, over the version just read so that a change made meanwhile is not lost.
     *
     * @param key the secret's key
     * @param value text, bytes, a {@link SecretValue} or a record whose value to take, masked or not
     * @return what was written: key, store, version and size
     */
    public Written put(String key, Object value) {
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
            if (existing.isEmpty() && store.isSoftDeleted(key)) {
                throw new IllegalStateException("'" + key + "' in " + uri + " is held by a deleted secret that the "
                        + "store keeps recoverable; recover it to keep its versions, or purge it to free the name (with "
                        + "the store's own tools, or a runbook's planning { onSoftDeleted 'recover' } or 'purge'), then "
                        + "put again", e);
            }
            if (e.kind() == ProviderException.Kind.CONFLICT || e.kind() == ProviderException.Kind.EXISTS) {
                throw new IllegalStateException("'" + key + "' in " + uri
                        + " was changed by someone else while writing; look at it with get, then put again", e);
            }
            throw e;
        }
        synchronized (knownKeys) {
            if (knownKeys.size() < REMEMBERED_KEYS) {
                knownKeys.add(key);
            }
        }
        output.wrote(uri);
        return new Written(key, uri, written.version(), secret.size(), written.created());
    }

    /**
     * The keys this store is known to have, for Tab: those listed or written in this session; the
     * first time, a quiet listing of up to {@link #REMEMBERED_KEYS} keys.
     *
     * @param prefix the start typed so far
     * @return the remembered keys starting with it, in order
     */
    List<String> keysStartingWith(String prefix) {
        synchronized (knownKeys) {
            if (!listed) {
                listed = true;
                try (Stream<SecretSummary> listing = store.stream("", PAGE)) {
                    listing.limit(REMEMBERED_KEYS).forEach(s -> knownKeys.add(s.key()));
                } catch (RuntimeException unavailable) {
                    // Completion offers what it knows; a store it cannot list now offers nothing.
                }
            }
            return List.copyOf(knownKeys.subSet(prefix, true, prefix + Character.MAX_VALUE, true));
        }
    }

    /** One step of completion: a whole key, or a start that several keys share. */
    record KeyStep(String text, boolean whole) {
    }

    /**
     * What Tab offers after a key's start: every key that starts so when there are few; else the
     * distinct next steps, one path segment (up to the next {@code /}) or, when even those are too
     * many, one character further. No key is hidden behind the {@link #REMEMBERED_KEYS} bound:
     * beyond it, the keys under the start are listed afresh.
     *
     * @param typed the start typed so far
     * @return the steps, in order
     */
    List<KeyStep> keySteps(String typed) {
        List<String> keys = keysStartingWith(typed);
        if (keys.size() >= REMEMBERED_KEYS || rememberedAll()) {
            try (Stream<SecretSummary> listing = store.stream(typed, PAGE)) {
                keys = listing.map(SecretSummary::key).sorted().toList();
            } catch (RuntimeException unavailable) {
                // Completion offers what it knows; a store it cannot list now offers what was remembered.
            }
        }
        if (keys.size() <= OFFERED_KEYS) {
            return keys.stream().map(k -> new KeyStep(k, true)).toList();
        }
        List<KeyStep> segments = steps(keys, typed, k -> {
            int slash = k.indexOf('/', typed.length());
            return slash < 0 ? k : k.substring(0, slash + 1);
        });
        if (segments.size() > 1 && segments.size() <= OFFERED_KEYS) {
            return segments;
        }
        return steps(keys, typed, k -> k.substring(0, Math.min(k.length(), typed.length() + 1)));
    }

    private static List<KeyStep> steps(List<String> keys, String typed, Function<String, String> step) {
        Map<String, Boolean> steps = new TreeMap<>();
        for (String key : keys) {
            String text = step.apply(key);
            steps.merge(text, text.equals(key), Boolean::logicalOr);
        }
        return steps.entrySet().stream().map(e -> new KeyStep(e.getKey(), e.getValue())).toList();
    }

    /** @return whether the remembered keys filled their bound, so that more may be left out */
    private boolean rememberedAll() {
        synchronized (knownKeys) {
            return knownKeys.size() >= REMEMBERED_KEYS;
        }
    }

    /** A finished listing under a prefix replaces what was remembered under it. */
    private void remember(String prefix, List<String> keys) {
        synchronized (knownKeys) {
            knownKeys.subSet(prefix, true, prefix + Character.MAX_VALUE, true).clear();
            keys.stream().limit(Math.max(0, REMEMBERED_KEYS - knownKeys.size())).forEach(knownKeys::add);
            listed |= prefix.isEmpty();
        }
    }

    private SecretValue valueOf(Object masked) {
        Object value = Masked.unmask(masked);
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
        throw new IllegalArgumentException("put takes text, bytes, a value or a record, masked or not, not "
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
