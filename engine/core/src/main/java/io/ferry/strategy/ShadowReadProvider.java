package io.ferry.strategy;

import io.ferry.internal.Failures;
import io.ferry.internal.Redactor;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.SecretProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every read from the primary store and, on a sample of reads, reads the shadow store too and
 * compares the two values by keyed fingerprint, counting matches and mismatches and telling a
 * {@link MismatchHook} about each mismatch (key and fingerprints only). The shadow never changes
 * what the caller gets: its failures and slowness are counted and logged, not thrown. The
 * comparison runs on the reading thread, so a sampled read costs one shadow read more.
 *
 * <pre>{@code
 * ShadowReadProvider store = new ShadowReadProvider(oldStore, newStore, 0.1,
 *         (key, oldFp, newFp) -> log.warn("{} differs: {} vs {}", key, oldFp, newFp));
 * }</pre>
 *
 * <p>Writes and deletes go to the primary only. Thread-safe. Closing it closes both stores.
 */
public final class ShadowReadProvider extends ForwardingProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowReadProvider.class);

    private final SecretProvider shadow;
    private final double sampleRate;
    private final MismatchHook hook;
    private final RandomGenerator random;
    private final Fingerprinter fingerprints;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong compared = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /**
     * @param primary the store that serves reads
     * @param shadow the store compared with it
     * @param sampleRate the share of reads compared, from 0 (none) to 1 (every read)
     * @param hook told about each mismatch
     */
    public ShadowReadProvider(SecretProvider primary, SecretProvider shadow, double sampleRate, MismatchHook hook) {
        this(primary, shadow, sampleRate, hook, null, Fingerprinter.ephemeral());
    }

    /**
     * @param primary the store that serves reads
     * @param shadow the store compared with it
     * @param sampleRate the share of reads compared, from 0 (none) to 1 (every read)
     * @param hook told about each mismatch
     * @param random chooses the sampled reads; null for a thread-local generator
     * @param fingerprints fingerprints the values compared, for example a run's, so that the hook's
     *     fingerprints can be matched with a journal's
     */
    public ShadowReadProvider(SecretProvider primary, SecretProvider shadow, double sampleRate, MismatchHook hook,
                              RandomGenerator random, Fingerprinter fingerprints) {
        super(primary);
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("a shadow-read sample rate must be between 0 and 1, got " + sampleRate);
        }
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.sampleRate = sampleRate;
        this.hook = Objects.requireNonNull(hook, "hook");
        this.random = random;
        this.fingerprints = Objects.requireNonNull(fingerprints, "fingerprints");
    }

    private boolean sampled() {
        if (sampleRate >= 1) {
            return true;
        }
        RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
        return sampleRate > 0 && r.nextDouble() < sampleRate;
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        Optional<SecretRecord> served = primary.read(key);
        reads.incrementAndGet();
        if (sampled()) {
            try {
                compare(key, served.orElse(null), shadow.read(key).orElse(null));
            } catch (RuntimeException e) {
                shadowFailed(1, key, e, served.orElse(null));
            }
        }
        return served;
    }

    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        Map<String, SecretRecord> served = primary.readBatch(keys);
        reads.addAndGet(keys.size());
        List<String> chosen = new ArrayList<>();
        for (String key : keys) {
            if (sampled()) {
                chosen.add(key);
            }
        }
        if (!chosen.isEmpty()) {
            try {
                Map<String, SecretRecord> other = shadow.readBatch(chosen);
                for (String key : chosen) {
                    compare(key, served.get(key), other.get(key));
                }
            } catch (RuntimeException e) {
                shadowFailed(chosen.size(), String.join(", ", chosen), e, null);
            }
        }
        return served;
    }

    private void compare(String key, SecretRecord fromPrimary, SecretRecord fromShadow) {
        String p = fromPrimary == null ? null : fromPrimary.value().fingerprint(fingerprints);
        String s = fromShadow == null ? null : fromShadow.value().fingerprint(fingerprints);
        compared.incrementAndGet();
        if (Objects.equals(p, s)) {
            matched.incrementAndGet();
            return;
        }
        mismatched.incrementAndGet();
        try {
            hook.mismatch(key, p, s);
        } catch (RuntimeException e) {
            LOG.warn("the shadow-read mismatch hook failed for {}: {}", key, Redactor.scrub(Failures.describe(e), fromPrimary, fromShadow));
        }
    }

    private void shadowFailed(int reads, String keys, RuntimeException e, SecretRecord served) {
        errors.addAndGet(reads);
        LOG.warn("shadow read of {} from {} failed: {}", keys, shadow.spec(), Redactor.scrub(Failures.describe(e), served));
    }

    /** @return what has been compared so far */
    public ShadowReadStats stats() {
        return new ShadowReadStats(reads.get(), compared.get(), matched.get(), mismatched.get(), errors.get());
    }








    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            shadow.close();
        }
    }

    @Override
    public String toString() {
        return "ShadowReadProvider[" + primary.spec() + " shadowed by " + shadow.spec() + ", sample " + sampleRate + "]";
    }
}
