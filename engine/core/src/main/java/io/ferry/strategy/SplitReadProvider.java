package io.ferry.strategy;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * Sends a percentage of reads to the new store and the rest to the old one, for a gradual cutover:
 * raise the percentage with {@link #percent(int)} as confidence grows. A key always goes to the same
 * store at a given percentage (it is chosen by a hash of the key), and a key sent to the new store
 * stays there as the percentage rises, so callers never see a key flip back and forth.
 *
 * <p>Writes, deletes and listings go to the old store: give it a {@link DualWriteProvider} of both
 * stores so that the new one stays current.
 *
 * <pre>{@code
 * SplitReadProvider store = new SplitReadProvider(new DualWriteProvider(oldStore, newStore, queue), newStore, 10);
 * store.percent(50);
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes both stores.
 */
public final class SplitReadProvider extends ForwardingProvider {

    private final SecretProvider newStore;
    private volatile int percent;
    private final AtomicLong toOld = new AtomicLong();
    private final AtomicLong toNew = new AtomicLong();

    /**
     * @param oldStore the store being left
     * @param newStore the store being moved to
     * @param percent the share of reads, 0 to 100, that go to the new store
     */
    public SplitReadProvider(SecretProvider oldStore, SecretProvider newStore, int percent) {
        super(oldStore);
        this.newStore = Objects.requireNonNull(newStore, "new store");
        percent(percent);
    }

    /** @param percent the share of reads, 0 to 100, that go to the new store from now on */
    public void percent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a split-read percentage must be between 0 and 100, got " + percent);
        }
        this.percent = percent;
    }

    /** @return the share of reads that go to the new store */
    public int percent() {
        return percent;
    }

    /**
     * @param key a key
     * @return whether reads of it go to the new store at the current percentage
     */
    public boolean readsFromNew(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 100 < percent;
    }

    /** @return reads sent to the old store so far */
    public long readsFromOld() {
        return toOld.get();
    }

    /** @return reads sent to the new store so far */
    public long readsFromNew() {
        return toNew.get();
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        if (readsFromNew(key)) {
            toNew.incrementAndGet();
            return newStore.read(key);
        }
        toOld.incrementAndGet();
        return primary.read(key);
    }

    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        List<String> fromNew = new ArrayList<>();
        List<String> fromOld = new ArrayList<>();
        for (String key : keys) {
            (readsFromNew(key) ? fromNew : fromOld).add(key);
        }
        toNew.addAndGet(fromNew.size());
        toOld.addAndGet(fromOld.size());
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        found.putAll(fromNew.isEmpty() ? Map.of() : newStore.readBatch(fromNew));
        found.putAll(fromOld.isEmpty() ? Map.of() : primary.readBatch(fromOld));
        Map<String, SecretRecord> ordered = new LinkedHashMap<>();
        for (String key : keys) {
            SecretRecord r = found.get(key);
            if (r != null) {
                ordered.put(key, r);
            }
        }
        return ordered;
    }






    @Override
    public List<SecretRecord> history(String key) {
        return readsFromNew(key) ? newStore.history(key) : primary.history(key);
    }


    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            newStore.close();
        }
    }

    @Override
    public String toString() {
        return "SplitReadProvider[" + percent + "% of reads to " + newStore.spec() + ", the rest to " + primary.spec() + "]";
    }
}
