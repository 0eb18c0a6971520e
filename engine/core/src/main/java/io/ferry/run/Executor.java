package io.ferry.run;

import io.ferry.audit.AuditTrail;
import io.ferry.internal.Failures;
import io.ferry.internal.Redactor;
import io.ferry.spi.pacing.Backoff;
import io.ferry.spi.pacing.TokenBucket;
import io.ferry.state.Action;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnError;
import io.ferry.runbook.OnSoftDeleted;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteOutcome;
import io.ferry.spi.WriteRequest;
import io.ferry.spi.WriteResult;
import io.ferry.state.Action;
import io.ferry.spi.pacing.Backoff;
import io.ferry.spi.pacing.TokenBucket;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.state.RunJournal.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final OnSoftDeleted onSoftDeleted;
    private final boolean carryVersions;
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
     * @param onSoftDeleted whether a create that finds its name held by a deleted secret recovers or
     *     purges it first, or fails
     * @param carryVersions whether items may carry earlier versions to write before their own
     */
    public Executor(SecretProvider target, Execution options, RunJournal journal, AuditTrail audit, Backoff backoff,
                    OnSoftDeleted onSoftDeleted, boolean carryVersions) {
        this.target = target;
        this.options = options;
        this.journal = journal;
        this.audit = audit;
        this.fingerprints = journal.fingerprinter();
        this.rateCap = options.writesPerSecond() > 0 ? new TokenBucket(options.writesPerSecond()) : null;
        this.backoff = backoff;
        this.onSoftDeleted = onSoftDeleted;
        this.carryVersions = carryVersions;
    }

    /**
     * Writes every pending item.
     *
     * @param progress hears how many items were written
     * @param cancellation checked between pages
     * @return what happened
     */
    public ExecutionSummary execute(ProgressListener progress, Cancellation cancellation) {
        Map<ItemStatus, Long> counts = journal.statusCounts();
        long inFlight = counts.getOrDefault(ItemStatus.WRITING, 0L);
        long total = counts.getOrDefault(ItemStatus.PENDING, 0L) + inFlight;
        progress.started("execution", total);
        if (inFlight > 0) {
            reconcileInFlight();
        }
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
                Map<Long, List<SecretRecord>> earlier = carryVersions ? journal.earlierVersions(pageStart, cursor) : Map.of();
                List<Outcome> outcomes = writeAll(page, earlier, pool, progress, done, total);
                journal.recordOutcomes(outcomes);
                for (int i = 0; i < page.size(); i++) {
                    JournalItem item = page.get(i);
                    Outcome o = outcomes.get(i);
                    audit.record("execution", item.targetKey(), item.action().name(), o.status() != ItemStatus.DONE ? "failed"
                            : item.action() == Action.DELETE ? "deleted" : "written", item.desiredFingerprint(), o.error());
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
            long pageStart = cursor;
            cursor = page.get(page.size() - 1).seq();
            Map<Long, List<SecretRecord>> earlier = carryVersions ? journal.earlierVersions(pageStart, cursor) : Map.of();
            List<Outcome> outcomes = new ArrayList<>();
            for (JournalItem item : page) {
                if (item.action() == Action.DELETE) {
                    outcomes.add(settleDeletion(item));
                    continue;
                }
                // A batch read leaves out a record the target withholds as disabled, as a missing one.
                Optional<SecretRecord> now = Optional.ofNullable(
                        target.readBatch(List.of(item.targetKey())).get(item.targetKey()));
                List<SecretRecord> versions = earlier.get(item.seq());
                String nowFp = now.map(r -> r.value().fingerprint(fingerprints)).orElse(null);
                if (item.desiredFingerprint().equals(nowFp)) {
                    outcomes.add(new Outcome(item.seq(), ItemStatus.DONE, 0, null, now.get().version(), null));
                    audit.record("execution", item.targetKey(), item.action().name(), "confirmed after restart",
                            item.desiredFingerprint(), null);
                } else if (untouched(item, now.orElse(null))
                        || versions != null && landed(target.history(item.targetKey()), versions) >= 0) {
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

    /**
     * Settles a deletion a crash left in flight: the record is gone (done), still holds what was
     * planned to be deleted (pending again), or was changed by someone else (failed, left as is).
     */
    private Outcome settleDeletion(JournalItem item) {
        SecretRecord now = target.readBatch(List.of(item.targetKey())).get(item.targetKey());
        if (now == null && target.readDisabled(item.targetKey()).isEmpty()) {
            audit.record("execution", item.targetKey(), item.action().name(), "confirmed after restart", null, null);
            return new Outcome(item.seq(), ItemStatus.DONE, 0, null, null, null);
        }
        if (now != null && now.value().equals(item.before().value())) {
            return new Outcome(item.seq(), ItemStatus.PENDING, 0, null, null, null);
        }
        String why = "the target was changed by someone else while the run was interrupted; left as is";
        audit.record("execution", item.targetKey(), item.action().name(), "failed", null, why);
        return new Outcome(item.seq(), ItemStatus.FAILED, 0, why, null, null);
    }

    private boolean untouched(JournalItem item, SecretRecord now) {
        // An update over a secret the target held disabled has no before-image: while the target
        // still withholds its value, the write is made again under its token.
        if (item.action() == Action.CREATE || item.before() == null) {
            return now == null;
        }
        return now != null && item.before() != null && now.value().equals(item.before().value());
    }

    /**
     * Writes a page: each writer takes a contiguous chunk and writes it with one batch call, so a
     * store with transactions commits once per chunk. Outcomes come back in page order.
     */
    private List<Outcome> writeAll(List<JournalItem> page, Map<Long, List<SecretRecord>> earlier, ExecutorService pool,
                                   ProgressListener progress, long done, long total) {
        writtenInPage.set(0);
        int writers = Math.min(options.concurrency(), page.size());
        int size = (page.size() + writers - 1) / writers;
        List<Future<List<Outcome>>> futures = new ArrayList<>(writers);
        for (int from = 0; from < page.size(); from += size) {
            List<JournalItem> chunk = page.subList(from, Math.min(page.size(), from + size));
            futures.add(pool.submit(() -> writeInOrder(chunk, earlier)));
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

    /**
     * Writes a chunk, outcomes in its order: deletions and the items that carry earlier versions one
     * by one, and the runs of plain writes between them as batches.
     */
    private List<Outcome> writeInOrder(List<JournalItem> chunk, Map<Long, List<SecretRecord>> earlier) {
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        List<JournalItem> plain = new ArrayList<>();
        for (JournalItem item : chunk) {
            List<SecretRecord> versions = earlier.get(item.seq());
            if (versions == null && item.action() != Action.DELETE) {
                plain.add(item);
                continue;
            }
            if (!plain.isEmpty()) {
                outcomes.addAll(writeChunk(plain));
                plain = new ArrayList<>();
            }
            outcomes.add(item.action() == Action.DELETE ? delete(item) : withHistory(item, versions));
            writtenInPage.incrementAndGet();
        }
        if (!plain.isEmpty()) {
            outcomes.addAll(writeChunk(plain));
        }
        return outcomes;
    }

    /**
     * Creates a secret with its earlier versions first, oldest first, each write conditional on the
     * one before, so that nothing lands between them. What already landed (before a crash or a failed
     * attempt) is read from the target's history and not written again.
     */
    private Outcome withHistory(JournalItem item, List<SecretRecord> earlier) {
        ProviderException last = null;
        for (int attempt = 1; attempt <= options.retries() + 1; attempt++) {
            if (last != null && !sleep(backoff.delay(attempt - 1, last.retryAfter()))) {
                return failed(item, attempt - 1, "interrupted while waiting to retry");
            }
            if (last != null) {
                retries.incrementAndGet();
            }
            try {
                int landed = landed(target.history(item.targetKey()), earlier);
                if (landed < 0) {
                    return failed(item, attempt, "the target holds a secret named '" + item.targetKey()
                            + "' whose history this run did not write; plan again with a new run");
                }
                String version = landed == 0 ? null : target.history(item.targetKey()).get(landed - 1).version();
                for (int i = landed; i < earlier.size(); i++) {
                    if (!permit()) {
                        return failed(item, attempt, "interrupted while waiting for the write rate cap");
                    }
                    version = target.write(earlier.get(i), after(version), versionToken(item, i)).version();
                }
                if (!permit()) {
                    return failed(item, attempt, "interrupted while waiting for the write rate cap");
                }
                WriteResult result = target.write(item.desired(), after(version), token(item));
                audit.record("execution", item.targetKey(), item.action().name(), "carried " + earlier.size()
                        + " earlier version(s)", item.desiredFingerprint(), null);
                return new Outcome(item.seq(), ItemStatus.DONE, attempt, null, result.version(), null);
            } catch (ProviderException e) {
                countThrottle(e);
                if (!e.retryable()) {
                    return failed(item, attempt, describe(e, item));
                }
                last = e;
            }
        }
        return failed(item, options.retries() + 1, describe(last, item));
    }

    /**
     * Deletes a record the plan found extra, only while it holds what was planned to be deleted: at
     * the version the plan read, or, in a store that keeps no versions, with the value it read. A
     * record already gone is done; one changed since planning is left as is.
     */
    private Outcome delete(JournalItem item) {
        String key = item.targetKey();
        SecretRecord before = item.before();
        ProviderException last = null;
        for (int attempt = 1; attempt <= options.retries() + 1; attempt++) {
            if (last != null && !sleep(backoff.delay(attempt - 1, last.retryAfter()))) {
                return failed(item, attempt - 1, "interrupted while waiting to retry");
            }
            if (last != null) {
                retries.incrementAndGet();
            }
            if (!permit()) {
                return failed(item, attempt, "interrupted while waiting for the write rate cap");
            }
            try {
                if (before.version() == null) {
                    SecretRecord now = target.readBatch(List.of(key)).get(key);
                    if (now == null) {
                        return new Outcome(item.seq(), ItemStatus.DONE, attempt, null, null, null);
                    }
                    if (!now.value().equals(before.value())) {
                        return failed(item, attempt, "the target changed since planning; left as is; plan again with a new run");
                    }
                }
                target.delete(key, before.version());
                return new Outcome(item.seq(), ItemStatus.DONE, attempt, null, null, null);
            } catch (ProviderException e) {
                countThrottle(e);
                if (e.kind() == ProviderException.Kind.NOT_FOUND) {
                    return new Outcome(item.seq(), ItemStatus.DONE, attempt, null, null, null);
                }
                if (e.kind() == ProviderException.Kind.CONFLICT) {
                    return failed(item, attempt, "the target changed since planning (" + describe(e, item)
                            + "); left as is; plan again with a new run");
                }
                if (!e.retryable()) {
                    return failed(item, attempt, describe(e, item));
                }
                last = e;
            } catch (RuntimeException e) {
                return failed(item, attempt, Redactor.scrub(Failures.describe(e), before));
            }
        }
        return failed(item, options.retries() + 1, describe(last, item));
    }

    /**
     * @return how many of the earlier versions the target's history already holds, in order; -1 when
     *     it holds something else
     */
    private int landed(List<SecretRecord> history, List<SecretRecord> earlier) {
        if (history.size() > earlier.size()) {
            return -1;
        }
        for (int i = 0; i < history.size(); i++) {
            if (!history.get(i).value().equals(earlier.get(i).value())) {
                return -1;
            }
        }
        return history.size();
    }

    /** Waits for the write rate cap, if there is one; false when interrupted. */
    private boolean permit() {
        if (rateCap == null) {
            return true;
        }
        try {
            rateCap.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static WriteCondition after(String version) {
        return version == null ? WriteCondition.createOnly() : WriteCondition.ifVersion(version);
    }

    private WriteOptions versionToken(JournalItem item, int index) {
        return WriteOptions.forRun(journal.runId(), item.seq() + "/v" + index);
    }

    private List<Outcome> writeBatch(List<JournalItem> items) {
        List<WriteOutcome> results;
        try {
            results = target.writeBatch(items.stream()
                    .map(item -> new WriteRequest(item.desired(), condition(item), token(item))).toList());
        } catch (ProviderException e) {
            return items.stream().map(item -> afterFailure(item, e)).toList();
        } catch (RuntimeException e) {
            return items.stream().map(item -> failed(item, 1, Redactor.scrub(Failures.describe(e), item.desired(), item.before()))).toList();
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
                return failed(item, attempts, Redactor.scrub(Failures.describe(e), item.desired(), item.before()));
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
        return WriteOptions.forRun(journal.runId(), Long.toString(item.seq()));
    }

    /** A create found the key, or an update found another version: ours if it holds what we meant to write. */
    private Outcome settleConflict(JournalItem item, int attempts, ProviderException e) {
        Optional<SecretRecord> now = target.read(item.targetKey());
        if (now.isEmpty() && item.action() == Action.CREATE && onSoftDeleted != OnSoftDeleted.FAIL
                && target.isSoftDeleted(item.targetKey())) {
            return overSoftDeleted(item, attempts);
        }
        if (now.isPresent() && item.desiredFingerprint().equals(now.get().value().fingerprint(fingerprints))) {
            return new Outcome(item.seq(), ItemStatus.DONE, attempts, null, now.get().version(), null);
        }
        return failed(item, attempts, "the target changed since planning (" + describe(e, item)
                + "); plan again with a new run");
    }

    /** The create found its name held by a deleted secret: recover or purge it, as the runbook says, and write. */
    private Outcome overSoftDeleted(JournalItem item, int attempts) {
        String key = item.targetKey();
        try {
            if (onSoftDeleted == OnSoftDeleted.RECOVER) {
                target.recover(key);
            } else {
                target.purge(key);
            }
            audit.record("execution", key, "CREATE", onSoftDeleted == OnSoftDeleted.RECOVER
                    ? "recovered the deleted secret first" : "purged the deleted secret first", item.desiredFingerprint(), null);
            WriteCondition condition = onSoftDeleted == OnSoftDeleted.RECOVER ? WriteCondition.upsert()
                    : WriteCondition.createOnly();
            WriteResult result = target.write(item.desired(), condition, token(item));
            return new Outcome(item.seq(), ItemStatus.DONE, attempts + 1, null, result.version(), null);
        } catch (ProviderException e) {
            return failed(item, attempts + 1, "the name is held by a deleted secret that could not be "
                    + (onSoftDeleted == OnSoftDeleted.RECOVER ? "recovered" : "purged") + " (" + describe(e, item) + ")");
        }
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
}
