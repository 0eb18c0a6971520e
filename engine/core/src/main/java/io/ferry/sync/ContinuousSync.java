package io.ferry.sync;

import io.ferry.internal.Failures;
import io.ferry.run.Cancellation;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ChangeFeed;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.Lease;
import io.ferry.state.PassStatus;
import io.ferry.state.RunStatus;
import io.ferry.state.SyncJournal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a runbook's target in step with its source, one pass at a time. A pass finds what changed
 * since the last one, copies only that with an ordinary run of the runbook (its discovery narrowed to
 * the changed keys, so filters, transforms, planning, journal and validation all apply), and carries
 * deletions over when asked. What a pass could not copy is found changed again by the next pass:
 * the change-feed cursor and the per-key markers advance only for what was copied.
 *
 * <p>Not thread-safe: one sync runs on one thread.
 */
public final class ContinuousSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousSync.class);
    private static final int BATCH = 500;
    private static final long TICK_MS = 100;

    private final SyncEngine engine;
    private final SyncJournal journal;
    private final Runbook runbook;
    private final Cancellation cancellation;
    private final SyncListener listener;
    private final Lease lease;
    private SecretProvider source;
    private SecretProvider target;

    /**
     * @param engine the engine, which opens the stores and runs each pass's copy
     * @param journal the sync's journal
     * @param runbook the runbook it follows
     * @param cancellation stops the sync between passes, and a pass's copy at its next batch
     * @param listener hears each pass
     * @param lease this process's lease on the sync, renewed while it runs and released by {@link #close()},
     *     so that no other process, here or on another host, runs its passes meanwhile
     */
    public ContinuousSync(SyncEngine engine, SyncJournal journal, Runbook runbook, Cancellation cancellation, SyncListener listener,
                          Lease lease) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.runbook = Objects.requireNonNull(runbook, "runbook");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /** @return the sync's id */
    public String id() {
        return journal.id();
    }

    /** @return the sync's journal */
    public SyncJournal journal() {
        return journal;
    }

    /**
     * Runs passes until cancelled: one now, then one each {@code every} after the last ended. While
     * the sync is paused no pass starts; it goes on once resumed.
     *
     * @param once run one pass and return
     */
    public void run(boolean once) {
        boolean saidPaused = false;
        while (!cancellation.requested()) {
            SyncJournal.Sync sync = journal.record();
            if (sync.paused()) {
                if (!saidPaused) {
                    listener.paused();
                    saidPaused = true;
                }
                if (once) {
                    return;
                }
                sleep(Duration.ofMillis(TICK_MS * 10));
                continue;
            }
            saidPaused = false;
            SyncPass pass = pass();
            listener.passed(pass);
            if (once || pass.interrupted()) {
                return;
            }
            sleep(sync.every());
        }
    }

    private void sleep(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (!cancellation.requested() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(TICK_MS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
            }
        }
    }

    /**
     * Runs one pass.
     *
     * @return what it did
     */
    public SyncPass pass() {
        SyncJournal.Sync sync = journal.record();
        boolean feedKnown = sync.cursor() != null;
        String mode = feedKnown ? "changes" : "compare";
        long pass = journal.beginPass(mode);
        Found found = new Found();
        SyncEngine.Copy copy = null;
        try {
            ChangeFeed feed = source() instanceof ChangeFeed f ? f : null;
            if (feed != null && feedKnown) {
                try {
                    found = changesSince(feed, sync.cursor());
                } catch (ChangeFeed.CursorExpiredException e) {
                    LOG.info("sync {}: the change feed no longer reaches cursor {} ({}); comparing the whole source instead",
                            journal.id(), sync.cursor(), e.getMessage());
                    mode = "compare (cursor expired)";
                    journal.passMode(pass, mode);
                    found = compare(feed, pass);
                }
            } else {
                if (feedKnown) {
                    mode = "compare";
                    journal.passMode(pass, mode);
                }
                found = compare(feed, pass);
            }
            List<String> problems = new ArrayList<>();
            if (!found.changed.isEmpty()) {
                copy = copy(found.changed.keySet());
                problems.addAll(settle(copy, found, pass));
            }
            if (copy != null && copy.status() == RunStatus.INTERRUPTED) {
                journal.finishPass(pass, copy.runId(), found.changed.size(), 0, PassStatus.INTERRUPTED, "interrupted; resume the sync");
                return new SyncPass(pass, mode, copy.runId(), copy.status(), found.changed.size(), 0, "interrupted", null);
            }
            long deleted = delete(found.deleted, sync.propagateDeletes(), problems);
            String error = problems.isEmpty() ? null : String.join("; ", problems);
            if (error == null && found.nextCursor != null) {
                journal.cursor(found.nextCursor);
            }
            journal.finishPass(pass, copy == null ? null : copy.runId(), found.changed.size(), deleted,
                    error == null ? PassStatus.DONE : PassStatus.FAILED, error);
            return new SyncPass(pass, mode, copy == null ? null : copy.runId(), copy == null ? null : copy.status(),
                    found.changed.size(), deleted, error, null);
        } catch (RuntimeException e) {
            // A store that is down, or a runbook that no longer loads, fails this pass; the next pass tries again.
            String why = Failures.message(e);
            LOG.warn("sync {}: pass {} failed: {}", journal.id(), pass, why);
            journal.finishPass(pass, copy == null ? null : copy.runId(), found.changed.size(), 0, PassStatus.FAILED, why);
            return new SyncPass(pass, mode, copy == null ? null : copy.runId(), copy == null ? null : copy.status(),
                    found.changed.size(), 0, why, e);
        }
    }

    /** What a pass found: changed source keys with their markers, deleted source keys, where the feed goes on. */
    private static final class Found {
        final Map<String, String> changed = new LinkedHashMap<>();
        final Set<String> deleted = new LinkedHashSet<>();
        String nextCursor;
    }

    private Found changesSince(ChangeFeed feed, String cursor) {
        Found found = new Found();
        String at = cursor;
        while (true) {
            ChangeFeed.Changes page = feed.changesSince(at, BATCH);
            for (ChangeFeed.Change change : page.changes()) {
                if (change.deleted()) {
                    found.changed.remove(change.key());
                    found.deleted.add(change.key());
                } else {
                    found.deleted.remove(change.key());
                    // No marker: a later comparison pass will look at this key again, and find it unchanged.
                    found.changed.put(change.key(), null);
                }
            }
            at = page.cursor();
            if (!page.more()) {
                break;
            }
        }
        found.nextCursor = at;
        return found;
    }

    /**
     * Lists the whole source and compares each secret's marker with the one last copied. The feed's
     * cursor is taken before the listing, so that a change made while listing is read again next time.
     */
    private Found compare(ChangeFeed feed, long pass) {
        Found found = new Found();
        found.nextCursor = feed == null ? null : feed.currentCursor();
        Discovery discovery = runbook.discovery();
        try (Stream<SecretSummary> listing = source().stream("", discovery.pageSize())) {
            Iterator<SecretSummary> it = listing.filter(discovery::accepts).iterator();
            Map<String, String> batch = new LinkedHashMap<>();
            while (it.hasNext()) {
                SecretSummary s = it.next();
                batch.put(s.key(), marker(s));
                if (batch.size() == BATCH || !it.hasNext()) {
                    for (String key : journal.seen(batch, pass)) {
                        found.changed.put(key, batch.get(key));
                    }
                    batch.clear();
                }
            }
        }
        for (SyncJournal.Mark gone : journal.unseen(pass, Integer.MAX_VALUE)) {
            found.deleted.add(gone.sourceKey());
        }
        return found;
    }

    /**
     * The marker of a listed secret: its version, its last-change time and a fingerprint of its
     * tags, so that a change of metadata alone (a tag set on a secret without a new version, as AWS
     * TagResource does) is carried too.
     *
     * @param s a listed secret
     * @return the marker; null when the listing shows neither a version nor a change time (then the
     *     secret is copied every pass)
     */
    static String marker(SecretSummary s) {
        if (s.version() == null && s.updatedAt() == null) {
            return null;
        }
        StringBuilder marker = new StringBuilder();
        if (s.version() != null) {
            marker.append("v:").append(s.version()).append(' ');
        }
        if (s.updatedAt() != null) {
            marker.append("t:").append(s.updatedAt()).append(' ');
        }
        return marker.append("m:").append(tagsFingerprint(s.tags())).toString();
    }

    private static String tagsFingerprint(Map<String, String> tags) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tags.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private SyncEngine.Copy copy(Set<String> keys) {
        Discovery d = runbook.discovery();
        Set<String> only = new HashSet<>(keys);
        Predicate<SecretSummary> changed = s -> only.contains(s.key());
        List<Predicate<SecretSummary>> includeIf = new ArrayList<>(d.includeIf());
        includeIf.add(changed);
        Discovery narrowed = new Discovery(d.includes(), d.excludes(), includeIf, d.excludeIf(), d.pageSize(), d.batchSize(),
                d.allVersions(), d.skipDisabled());
        return engine.copy(runbook.toBuilder().discovery(narrowed).build());
    }

    /**
     * Records what the copy settled, key by key; a key whose write failed or was refused keeps its old
     * marker, so the next pass tries it again.
     *
     * @return why the pass is incomplete, if it is
     */
    private List<String> settle(SyncEngine.Copy copy, Found found, long pass) {
        List<String> problems = new ArrayList<>();
        List<SyncJournal.Mark> settled = new ArrayList<>();
        Set<String> unsettled = new HashSet<>();
        long after = 0;
        while (true) {
            List<JournalItem> items = engine.items(copy.runId(), after, BATCH);
            if (items.isEmpty()) {
                break;
            }
            after = items.get(items.size() - 1).seq();
            for (JournalItem item : items) {
                boolean copied = item.status() == ItemStatus.DONE
                        || (item.status() == ItemStatus.NOOP && item.action() == Action.UNCHANGED);
                if (copied) {
                    settled.add(new SyncJournal.Mark(item.sourceKey(), found.changed.get(item.sourceKey()), item.targetKey()));
                } else if (item.action() == Action.SKIP && item.status() != ItemStatus.FAILED) {
                    // Left out on purpose (a transform skipped it, or the target's copy is not ours): no target key to delete later.
                    settled.add(new SyncJournal.Mark(item.sourceKey(), found.changed.get(item.sourceKey()), null));
                } else {
                    unsettled.add(item.sourceKey());
                }
            }
        }
        settled.removeIf(m -> unsettled.contains(m.sourceKey()));
        journal.settle(settled, pass);
        if (!unsettled.isEmpty()) {
            problems.add(unsettled.size() + " changed records were not copied (see: ferry show " + copy.runId()
                    + "); the next pass tries them again");
        }
        if (copy.status() != RunStatus.SUCCEEDED && copy.status() != RunStatus.SUCCEEDED_WITH_ISSUES && unsettled.isEmpty()) {
            problems.add("the copy ended " + copy.status() + (copy.error() == null ? "" : ": " + copy.error()));
        }
        return problems;
    }

    private long delete(Set<String> deletedKeys, boolean propagate, List<String> problems) {
        long deleted = 0;
        for (String sourceKey : deletedKeys) {
            SyncJournal.Mark mark = journal.mark(sourceKey).orElse(null);
            if (mark == null) {
                continue;
            }
            if (propagate && mark.targetKey() != null) {
                try {
                    if (target().delete(mark.targetKey(), null)) {
                        deleted++;
                        LOG.info("sync {}: deleted {} from the target, since {} is gone from the source", journal.id(),
                                mark.targetKey(), sourceKey);
                    }
                } catch (ProviderException e) {
                    problems.add("deleting " + mark.targetKey() + " failed (" + e.kind() + "); the next pass tries again");
                    continue;
                }
            }
            journal.forget(sourceKey);
        }
        return deleted;
    }

    private SecretProvider source() {
        if (source == null) {
            source = engine.open(runbook.source(), false);
        }
        return source;
    }

    private SecretProvider target() {
        if (target == null) {
            target = engine.open(runbook.target(), true);
        }
        return target;
    }

    @Override
    public void close() {
        try {
            if (source != null) {
                source.close();
            }
            if (target != null) {
                target.close();
            }
        } finally {
            lease.close();
        }
    }
}
