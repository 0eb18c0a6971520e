package io.ferry.run;

import io.ferry.audit.AuditTrail;
import io.ferry.internal.Redactor;
import io.ferry.pacing.Backoff;
import io.ferry.pacing.TokenBucket;
import io.ferry.plan.Action;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnError;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteOutcome;
import io.ferry.spi.WriteRequest;
import io.ferry.spi.WriteResult;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.state.RunJournal.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the planned items to the target. Each page of items is journaled as {@code WRITING}
 * before its writes start and with its outcomes after they end, one transaction each, so that a
 * crash at any moment leaves every item either untouched, confirmed, or to be reconciled by
 * reading the target back: nothing is written twice, nothing is lost.
 */
public final class Executor {

    private static final long PROGRESS_INTERVAL_MS = 250;

    private final SecretProvider target;
    private final Execution options;
    private final RunJournal journal;
    private final AuditTrail audit;
    private final Fingerprinter fingerprints;
    private final TokenBucket rateCap;
    private final Backoff backoff;
    /** Items of the current page whose writes have ended, counted by the writers for progress. */
    private final AtomicLong writtenInPage = new AtomicLong();
    /** Write attempts after the first, and attempts refused as throttled, for the run's metrics. */
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();

    /**
     * @param target where to write
     * @param options concurrency, retries, error policy, batch size, rate cap
     * @param journal the run's journal
     * @param audit the run's audit trail
     * @param backoff the retry waits
     */
    public Executor(SecretProvider target, Execution options, RunJournal journal, AuditTrail audit, Backoff backoff) {
        this.target = target;
        this.options = options;
        this.journal = journal;
        this.audit = audit;
        this.fingerprints = journal.fingerprinter();
        this.rateCap = options.writesPerSecond() > 0 ? new TokenBucket(options.writesPerSecond()) : null;
        this.backoff = backoff;
    }

    /**
     * Writes every pending item.
     *
     * @param progress hears how many items were written
     * @param cancellation checked between pages
     * @return what happened
     */
    public ExecutionSummary execute(ProgressListener progress, Cancellation cancellation) {
        long total = journal.statusCounts().entrySet().stream()
                .filter(e -> e.getKey() == ItemStatus.PENDING || e.getKey() == ItemStatus.WRITING)
                .mapToLong(e -> e.getValue()).sum();
        progress.started("execution", total);
        reconcileInFlight();
        long done = 0;
        long failed = 0;
        String stopReason = null;
        // Writers run off the coordinating thread even at concurrency 1, so that it can report
        // progress while a slow (rate-capped, remote) page is being written.
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "ferry-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            long cursor = 0;
            while (!cancellation.requested() && stopReason == null) {
                List<JournalItem> page = journal.items(Set.of(ItemStatus.PENDING), cursor, options.batchSize(), true);
                if (page.isEmpty()) {
                    break;
                }
                long pageStart = cursor;
                cursor = page.get(page.size() - 1).seq();
                journal.markWriting(pageStart, cursor);
                List<Outcome> outcomes = writeAll(page, pool, progress, done, total);
                journal.recordOutcomes(outcomes);
                for (int i = 0; i < page.size(); i++) {
                    JournalItem item = page.get(i);
                    Outcome o = outcomes.get(i);
                    audit.record("execution", item.targetKey(), item.action().name(),
                            o.status() == ItemStatus.DONE ? "written" : "failed", item.desiredFingerprint(), o.error());
                    if (o.status() == ItemStatus.FAILED) {
                        failed++;
                        if (options.onError() == OnError.STOP && stopReason == null) {
                            stopReason = "writing " + item.targetKey() + " failed: " + o.error()
                                    + " (onError is 'stop'; fix the cause, then: ferry resume " + journal.runId() + ")";
                        }
                    }
                }
                audit.flush();
                done += page.size();
                progress.progress("execution", done, total);
            }
        } finally {
            pool.shutdownNow();
        }
        progress.finished("execution", done);
        return new ExecutionSummary(done - failed, failed, stopReason, cancellation.requested() && stopReason == null);
    }

    /**
     * Settles the items a crash left in flight: the write landed (done), did not (pending again),
     * or someone else changed the target meanwhile (failed, never overwritten).
     */
    private void reconcileInFlight() {
        long cursor = 0;
        while (true) {
            List<JournalItem> page = journal.items(Set.of(ItemStatus.WRITING), cursor, options.batchSize(), true);
            if (page.isEmpty()) {
                return;
            }
            cursor = page.get(page.size() - 1).seq();
            List<Outcome> outcomes = new ArrayList<>();
            for (JournalItem item : page) {
                Optional<SecretRecord> now = target.read(item.targetKey());
                String nowFp = now.map(r -> r.value().fingerprint(fingerprints)).orElse(null);
                if (item.desiredFingerprint().equals(nowFp)) {
                    outcomes.add(new Outcome(item.seq(), ItemStatus.DONE, 0, null, now.get().version(), null));
                    audit.record("execution", item.targetKey(), item.action().name(), "confirmed after restart",
                            item.desiredFingerprint(), null);
                } else if (untouched(item, now.orElse(null))) {
                    outcomes.add(new Outcome(item.seq(), ItemStatus.PENDING, 0, null, null, null));
                } else {
                    String why = "the target was changed by someone else while the run was interrupted; left as is";
                    outcomes.add(new Outcome(item.seq(), ItemStatus.FAILED, 0, why, null, null));
                    audit.record("execution", item.targetKey(), item.action().name(), "failed", item.desiredFingerprint(), why);
                }
            }
            journal.recordOutcomes(outcomes);
            audit.flush();
        }
    }

    private boolean untouched(JournalItem item, SecretRecord now) {
        if (item.action() == Action.CREATE) {
            return now == null;
        }
        return now != null && item.before() != null && now.value().equals(item.before().value());
    }

    /**
     * Writes a page: each writer takes a contiguous chunk and writes it with one batch call, so a
     * store with transactions commits once per chunk. Outcomes come back in page order.
     */
    private List<Outcome> writeAll(List<JournalItem> page, ExecutorService pool, ProgressListener progress, long done,
                                   long total) {
        writtenInPage.set(0);
        int writers = Math.min(options.concurrency(), page.size());
        int size = (page.size() + writers - 1) / writers;
        List<Future<List<Outcome>>> futures = new ArrayList<>(writers);
        for (int from = 0; from < page.size(); from += size) {
            List<JournalItem> chunk = page.subList(from, Math.min(page.size(), from + size));
            futures.add(pool.submit(() -> writeChunk(chunk)));
        }
        List<Outcome> outcomes = new ArrayList<>(page.size());
        for (Future<List<Outcome>> f : futures) {
            try {
                while (true) {
                    try {
                        outcomes.addAll(f.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS));
                        break;
                    } catch (TimeoutException stillWriting) {
                        progress.progress("execution", done + writtenInPage.get(), total);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for writes; resume the run to settle them", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a writer thread failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
            }
        }
        return outcomes;
    }

    private List<Outcome> writeChunk(List<JournalItem> chunk) {
        if (rateCap != null) {
            // One write per permit: a capped run never bursts a batch at a store's quota.
            List<Outcome> outcomes = new ArrayList<>(chunk.size());
            for (JournalItem item : chunk) {
                try {
                    rateCap.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes.add(failed(item, 0, "interrupted while waiting for the write rate cap"));
                    continue;
                }
                outcomes.addAll(writeBatch(List.of(item)));
                writtenInPage.incrementAndGet();
            }
            return outcomes;
        }
        List<Outcome> outcomes = writeBatch(chunk);
        writtenInPage.addAndGet(chunk.size());
        return outcomes;
    }

    private List<Outcome> writeBatch(List<JournalItem> items) {
        List<WriteOutcome> results;
        try {
            results = target.writeBatch(items.stream()
                    .map(item -> new WriteRequest(item.desired(), condition(item), token(item))).toList());
        } catch (ProviderException e) {
            return items.stream().map(item -> afterFailure(item, e)).toList();
        } catch (RuntimeException e) {
            return items.stream().map(item -> failed(item, 1, Redactor.describe(e, item.desired(), item.before()))).toList();
        }
        List<Outcome> outcomes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JournalItem item = items.get(i);
            WriteOutcome r = results.get(i);
            outcomes.add(r.failure() == null
                    ? new Outcome(item.seq(), ItemStatus.DONE, 1, null, r.result().version(), null)
                    : afterFailure(item, r.failure()));
        }
        return outcomes;
    }

    /** The first attempt failed: settle a conflict, give up, or retry this item alone with back-off. */
    private Outcome afterFailure(JournalItem item, ProviderException e) {
        countThrottle(e);
        if (e.kind() == ProviderException.Kind.EXISTS || e.kind() == ProviderException.Kind.CONFLICT) {
            return settleConflict(item, 1, e);
        }
        if (!e.retryable() || options.retries() == 0) {
            return failed(item, 1, describe(e, item));
        }
        return retry(item, e);
    }

    private Outcome retry(JournalItem item, ProviderException first) {
        ProviderException last = first;
        int attempts = 1;
        for (int retry = 1; retry <= options.retries(); retry++) {
            if (!sleep(backoff.delay(retry, last.retryAfter()))) {
                return failed(item, attempts, "interrupted while waiting to retry");
            }
            try {
                if (rateCap != null) {
                    rateCap.acquire();
                }
                attempts++;
                retries.incrementAndGet();
                WriteResult result = target.write(item.desired(), condition(item), token(item));
                return new Outcome(item.seq(), ItemStatus.DONE, attempts, null, result.version(), null);
            } catch (ProviderException e) {
                if (e.kind() == ProviderException.Kind.EXISTS || e.kind() == ProviderException.Kind.CONFLICT) {
                    return settleConflict(item, attempts, e);
                }
                countThrottle(e);
                if (!e.retryable()) {
                    return failed(item, attempts, describe(e, item));
                }
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(item, attempts, "interrupted while waiting for the write rate cap");
            } catch (RuntimeException e) {
                return failed(item, attempts, Redactor.describe(e, item.desired(), item.before()));
            }
        }
        return failed(item, attempts, describe(last, item));
    }

    private void countThrottle(ProviderException e) {
        if (e.kind() == ProviderException.Kind.THROTTLED) {
            throttles.incrementAndGet();
        }
    }

    /** @return write attempts after the first, in this execution */
    public long retries() {
        return retries.get();
    }

    /** @return attempts the target refused as throttled, in this execution */
    public long throttles() {
        return throttles.get();
    }

    private static WriteCondition condition(JournalItem item) {
        return item.action() == Action.CREATE ? WriteCondition.createOnly()
                : item.before() != null && item.before().version() != null
                ? WriteCondition.ifVersion(item.before().version()) : WriteCondition.upsert();
    }

    private WriteOptions token(JournalItem item) {
        return new WriteOptions(idempotencyToken(journal.runId(), item.seq()));
    }

    /** A create found the key, or an update found another version: ours if it holds what we meant to write. */
    private Outcome settleConflict(JournalItem item, int attempts, ProviderException e) {
        Optional<SecretRecord> now = target.read(item.targetKey());
        if (now.isPresent() && item.desiredFingerprint().equals(now.get().value().fingerprint(fingerprints))) {
            return new Outcome(item.seq(), ItemStatus.DONE, attempts, null, now.get().version(), null);
        }
        return failed(item, attempts, "the target changed since planning (" + describe(e, item)
                + "); plan again with a new run");
    }

    private Outcome failed(JournalItem item, int attempts, String error) {
        String flag = options.onError() == OnError.FLAG ? "write failed: " + error : null;
        return new Outcome(item.seq(), ItemStatus.FAILED, attempts, error, null, flag);
    }

    private static String describe(ProviderException e, JournalItem item) {
        return e.kind() + ": " + Redactor.scrub(e.getMessage(), item.desired(), item.before());
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param runId the run
     * @param seq the item
     * @return a 32-character token, the same for every attempt at this item in this run
     */
    static String idempotencyToken(String runId, long seq) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((runId + ":" + seq).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
