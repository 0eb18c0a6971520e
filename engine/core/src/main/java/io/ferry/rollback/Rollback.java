package io.ferry.rollback;

import io.ferry.audit.AuditTrail;
import io.ferry.internal.Redactor;
import io.ferry.run.Cancellation;
import io.ferry.run.ProgressListener;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.state.RunJournal.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Undoes a run's writes, newest first. Each item is checked against the target before it is
 * touched: only a record that still holds what the run wrote is deleted or restored, and a record
 * the run deleted is written back only while its name is free, so a rollback
 * never destroys someone else's later change, and running it twice changes nothing the second time.
 * Every restore carries an idempotency token derived from the run and the item, as the run's own
 * writes do.
 */
public final class Rollback {

    private static final Set<ItemStatus> TO_UNDO = Set.of(ItemStatus.DONE, ItemStatus.WRITING, ItemStatus.FAILED,
            ItemStatus.ROLLBACK_FAILED);

    private final SecretProvider target;
    private final RunJournal journal;
    private final AuditTrail audit;
    private final int batchSize;
    private final RollbackScope scope;

    /**
     * @param target the run's target
     * @param journal the run's journal
     * @param audit the run's audit trail
     * @param batchSize items journaled per transaction
     * @param scope which of the run's records to undo
     */
    public Rollback(SecretProvider target, RunJournal journal, AuditTrail audit, int batchSize, RollbackScope scope) {
        this.target = target;
        this.journal = journal;
        this.audit = audit;
        this.batchSize = batchSize;
        this.scope = scope;
    }

    /**
     * @param journal a run's journal
     * @return whether some of the run's writes are not undone yet (nor refused)
     */
    public static boolean writesRemain(RunJournal journal) {
        Map<ItemStatus, Long> counts = journal.statusCounts();
        return Stream.of(ItemStatus.DONE, ItemStatus.WRITING, ItemStatus.FAILED).anyMatch(s -> counts.getOrDefault(s, 0L) > 0);
    }

    /**
     * @param progress hears how many items were undone
     * @param cancellation checked between batches
     * @return what was undone
     */
    public RollbackSummary rollBack(ProgressListener progress, Cancellation cancellation) {
        Fingerprinter fingerprints = journal.fingerprinter();
        long restored = 0;
        long refused = 0;
        long cursor = Long.MAX_VALUE;
        progress.started("rollback", -1);
        while (!cancellation.requested()) {
            List<JournalItem> page = journal.itemsDescending(TO_UNDO, cursor, batchSize);
            if (page.isEmpty()) {
                break;
            }
            cursor = page.get(page.size() - 1).seq();
            List<Outcome> outcomes = new ArrayList<>();
            for (JournalItem item : page) {
                if (!item.action().writes() || !scope.includes(item)) {
                    continue;
                }
                Outcome o = undo(item, fingerprints);
                outcomes.add(o);
                if (o.status() == ItemStatus.ROLLED_BACK) {
                    restored++;
                } else {
                    refused++;
                }
                audit.record("rollback", item.targetKey(), item.action().name(),
                        o.status() == ItemStatus.ROLLED_BACK ? "restored" : "not restored",
                        item.before() == null ? null : item.before().value().fingerprint(fingerprints), o.error());
            }
            journal.recordOutcomes(outcomes);
            audit.flush();
            progress.progress("rollback", restored + refused, -1);
        }
        progress.finished("rollback", restored + refused);
        return new RollbackSummary(restored, refused, cancellation.requested());
    }

    private Outcome undo(JournalItem item, Fingerprinter fingerprints) {
        if (item.action() == Action.DELETE) {
            return undoDeletion(item);
        }
        try {
            // A batch read leaves out a record the target withholds as disabled, as a missing one.
            Optional<SecretRecord> now = Optional.ofNullable(
                    target.readBatch(List.of(item.targetKey())).get(item.targetKey()));
            String nowFp = now.map(r -> r.value().fingerprint(fingerprints)).orElse(null);
            boolean holdsOurs = item.desiredFingerprint().equals(nowFp);
            if (item.action() == Action.CREATE) {
                if (now.isEmpty()) {
                    return undoDisabledCreate(item);
                }
                if (holdsOurs) {
                    target.delete(item.targetKey(), now.get().version());
                    return done(item);
                }
                return refused(item, "changed by someone else since the run created it; left as is");
            }
            SecretRecord before = item.before();
            if (before == null) {
                return refused(item, "the target held it disabled before the run, so its value could not be read and "
                        + "cannot be restored; its earlier version is still in the target's history; left as is");
            }
            if (now.isPresent() && now.get().value().equals(before.value())) {
                return done(item);
            }
            if (now.isEmpty()) {
                target.write(before, WriteCondition.createOnly(), token(item));
                return done(item);
            }
            if (holdsOurs) {
                target.write(before, WriteCondition.ifVersion(now.get().version()), token(item));
                return done(item);
            }
            return refused(item, "changed by someone else since the run updated it; left as is");
        } catch (ProviderException e) {
            return refused(item, e.kind() + ": " + Redactor.scrub(e.getMessage(), item.desired(), item.before())
                    + "; fix the cause and roll back again");
        }
    }

    /**
     * Writes back a record the run deleted, from its before-image, unless the name holds something
     * else by now. Where the store keeps deleted secrets recoverable, the secret is recovered first,
     * with its versions, and its value written again only if it differs.
     */
    private Outcome undoDeletion(JournalItem item) {
        String key = item.targetKey();
        SecretRecord before = item.before();
        try {
            SecretRecord now = target.readBatch(List.of(key)).get(key);
            if (now == null && target.readDisabled(key).isPresent()) {
                return refused(item, "created again, disabled, by someone else since the run deleted it; left as is");
            }
            if (now == null && target.isSoftDeleted(key)) {
                target.recover(key);
                now = target.readBatch(List.of(key)).get(key);
                if (now != null && !now.value().equals(before.value())) {
                    target.write(before, WriteCondition.ifVersion(now.version()), token(item));
                }
                return done(item);
            }
            if (now == null) {
                target.write(before, WriteCondition.createOnly(), token(item));
                return done(item);
            }
            if (now.value().equals(before.value())) {
                return done(item);
            }
            return refused(item, "holds another value, written by someone else since the run deleted it; left as is");
        } catch (ProviderException e) {
            return refused(item, e.kind() + ": " + Redactor.scrub(e.getMessage(), before)
                    + "; fix the cause and roll back again");
        }
    }

    /**
     * A record the run created that reads as missing may be one the target holds disabled, whose value
     * it will not give: it is deleted when it is still the version the run wrote.
     */
    private Outcome undoDisabledCreate(JournalItem item) {
        Optional<SecretRecord> disabled = target.readDisabled(item.targetKey());
        if (disabled.isEmpty()) {
            return done(item);
        }
        String version = disabled.get().version();
        if (version != null && version.equals(item.writtenVersion())) {
            target.delete(item.targetKey(), version);
            return done(item);
        }
        return refused(item, "disabled in the target at another version than the run created; left as is");
    }

    /**
     * The restore's idempotency token: the same for every attempt at undoing this item, so that a
     * rollback killed after its write landed and then resumed cannot write the earlier version twice.
     */
    private WriteOptions token(JournalItem item) {
        return WriteOptions.forRun(journal.runId(), "rollback/" + item.seq());
    }

    private static Outcome done(JournalItem item) {
        return new Outcome(item.seq(), ItemStatus.ROLLED_BACK, 0, null, null, null);
    }

    private static Outcome refused(JournalItem item, String why) {
        return new Outcome(item.seq(), ItemStatus.ROLLBACK_FAILED, 0, why, null, null);
    }

    /**
     * What a rollback did.
     *
     * @param restored items whose before-state the target holds again
     * @param refused items left as they are, because they changed since or the store failed
     * @param interrupted whether it was cancelled
     */
    public record RollbackSummary(long restored, long refused, boolean interrupted) {
    }
}
