package io.ferry.strategy;

import io.ferry.internal.Failures;
import io.ferry.internal.Redactor;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import io.ferry.state.RetryQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the primary store first, then the secondary. The primary decides: its failure is the
 * caller's failure, and nothing reaches the secondary. A failed secondary write is never dropped: it
 * is sealed into a durable {@link RetryQueue}, reported to the {@link DualWriteListener} and the log
 * (key and fingerprint only), and carried out later by {@link #drain()} or the background drainer
 * that {@link #startDraining(Duration)} starts, even after a restart.
 *
 * <p>While a key is owed, later writes of it are queued behind it rather than sent, so the secondary
 * never receives an older value after a newer one. Writes of one key are serialised for the same
 * reason. Reads, listings and health checks go to the primary.
 *
 * <pre>{@code
 * RetryQueue queue = stateStore.retryQueue("payments");
 * DualWriteProvider store = new DualWriteProvider(oldStore, newStore, queue);
 * store.startDraining(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Thread-safe. Closing it stops the drainer and closes both stores.
 */
public final class DualWriteProvider extends ForwardingProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DualWriteProvider.class);
    private static final int DRAIN_BATCH = 100;
    private static final int STRIPES = 64;

    private final SecretProvider secondary;
    private final RetryQueue queue;
    private final DualWriteListener listener;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicLong mirrored = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong retryFailures = new AtomicLong();
    private volatile String lastError;
    private ScheduledExecutorService drainer;

    /**
     * @param primary the store that serves reads and decides whether a write succeeded
     * @param secondary the store kept in step
     * @param queue where writes owed to the secondary wait
     */
    public DualWriteProvider(SecretProvider primary, SecretProvider secondary, RetryQueue queue) {
        this(primary, secondary, queue, DualWriteListener.NONE);
    }

    /**
     * @param primary the store that serves reads and decides whether a write succeeded
     * @param secondary the store kept in step
     * @param queue where writes owed to the secondary wait
     * @param listener hears what is queued and drained
     */
    public DualWriteProvider(SecretProvider primary, SecretProvider secondary, RetryQueue queue, DualWriteListener listener) {
        super(primary);
        this.secondary = Objects.requireNonNull(secondary, "secondary");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    private ReentrantLock lockOf(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }








    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        ReentrantLock lock = lockOf(record.key());
        lock.lock();
        try {
            WriteResult result = primary.write(record, condition, options);
            if (queue.isPending(record.key())) {
                owe(record, null, "waits behind an earlier write that the secondary has not taken yet");
                return result;
            }
            try {
                secondary.write(record, WriteCondition.upsert(), options);
                mirrored.incrementAndGet();
            } catch (RuntimeException e) {
                owe(record, null, Redactor.scrub(Failures.describe(e), record));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        ReentrantLock lock = lockOf(key);
        lock.lock();
        try {
            boolean deleted = primary.delete(key, ifVersion);
            if (queue.isPending(key)) {
                owe(null, key, "waits behind an earlier write that the secondary has not taken yet");
                return deleted;
            }
            try {
                secondary.delete(key, null);
                mirrored.incrementAndGet();
            } catch (RuntimeException e) {
                owe(null, key, Failures.describe(e));
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private void owe(SecretRecord record, String deletedKey, String reason) {
        String key = record == null ? deletedKey : record.key();
        String fingerprint = null;
        if (record == null) {
            queue.enqueueDelete(key, reason);
        } else {
            queue.enqueueWrite(record, reason);
            fingerprint = record.value().fingerprint(queue.fingerprinter());
        }
        queued.incrementAndGet();
        lastError = key + ": " + reason;
        LOG.warn("the secondary store did not take {} of {} ({}); queued for retry in {}",
                record == null ? "the delete" : "the write", key, reason, queue.name());
        listener.queued(key, fingerprint, reason);
    }

    /**
     * Tries every owed entry once, oldest first. Stops at the first failure the store may recover
     * from (it is probably still down), so that a long outage costs one attempt per drain.
     *
     * @return how many entries reached the secondary
     */
    public int drain() {
        int settled = 0;
        while (true) {
            List<RetryQueue.Entry> entries = queue.oldest(DRAIN_BATCH);
            if (entries.isEmpty()) {
                return settled;
            }
            int before = settled;
            for (RetryQueue.Entry entry : entries) {
                ReentrantLock lock = lockOf(entry.key());
                lock.lock();
                try {
                    carryOut(entry);
                    if (queue.settled(entry)) {
                        settled++;
                        drained.incrementAndGet();
                        listener.drained(entry.key(), entry.fingerprint());
                    }
                } catch (RuntimeException e) {
                    String reason = Redactor.scrub(Failures.describe(e), entry.record());
                    queue.attemptFailed(entry, reason);
                    retryFailures.incrementAndGet();
                    lastError = entry.key() + ": " + reason;
                    listener.retryFailed(entry.key(), entry.attempts() + 1, reason);
                    if (!(e instanceof ProviderException p) || p.retryable()) {
                        return settled;
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (settled == before) {
                // Every entry of this batch failed for good; the next drain tries them again.
                return settled;
            }
        }
    }

    private void carryOut(RetryQueue.Entry entry) {
        if (entry.op() == RetryQueue.Op.WRITE) {
            secondary.write(entry.record(), WriteCondition.upsert(), WriteOptions.none());
        } else {
            secondary.delete(entry.key(), null);
        }
    }

    /**
     * Drains the queue in the background, at a fixed delay after each drain ends.
     *
     * @param every the delay between drains
     */
    public synchronized void startDraining(Duration every) {
        if (drainer != null) {
            throw new IllegalStateException("the drainer of " + queue.name() + " is already running");
        }
        drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-dual-write-drainer");
            t.setDaemon(true);
            return t;
        });
        drainer.scheduleWithFixedDelay(() -> {
            try {
                drain();
            } catch (RuntimeException e) {
                LOG.warn("draining retry queue {} failed: {}", queue.name(), Failures.describe(e));
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the counts since creation and what is still owed */
    public DualWriteReport report() {
        return new DualWriteReport(mirrored.get(), queued.get(), drained.get(), retryFailures.get(), queue.pending(), lastError);
    }

    /** @return the durable queue of owed writes */
    public RetryQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (drainer != null) {
                drainer.shutdownNow();
                drainer = null;
            }
        }
        try {
            primary.close();
        } finally {
            secondary.close();
        }
    }

    @Override
    public String toString() {
        return "DualWriteProvider[" + primary.spec() + " then " + secondary.spec() + "]";
    }
}
