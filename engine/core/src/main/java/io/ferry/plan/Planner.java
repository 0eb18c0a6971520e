package io.ferry.plan;

import io.ferry.internal.Failures;
import io.ferry.internal.Redactor;
import io.ferry.run.Cancellation;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.OnError;
import io.ferry.runbook.Planning;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.Ownership;
import io.ferry.spi.SecretProvider;
import io.ferry.state.Action;
import io.ferry.state.ItemCounts;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.transform.CollectingTransformContext;
import io.ferry.transform.Transform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with every source record, batch by batch: read the values, transform them,
 * read the target's current records, check the target's rules, and journal one item per record
 * with its action, reason, fingerprints and images. After the last batch, the records that fan-in
 * transforms still hold ({@link Transform#finish}) are planned the same way. Memory is bounded by
 * the batch size and what those transforms hold; names that collide across the whole run are found
 * afterwards in the journal.
 */
public final class Planner {

    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);
    /** Items journaled per transaction: larger than a source's read batch, since commits dominate. */
    private static final int JOURNAL_BATCH = 1000;

    private final SecretProvider source;
    private final SecretProvider target;
    private final Discovery discovery;
    private final List<Transform> transforms;
    private final Planning planning;
    private final OnError onError;
    private final RunJournal journal;
    private final Fingerprinter fingerprints;
    private final Constraints constraints;
    private Consumer<SecretValue> valuesRead = value -> { };
    /** Earlier versions of planned items not yet journaled, journaled with their items. */
    private final Map<Long, List<SecretRecord>> unjournaledVersions = new HashMap<>();

    /**
     * @param source where records come from
     * @param target where they go
     * @param discovery what to read
     * @param transforms the transforms, in order
     * @param planning what to do with existing records
     * @param onError what a transform failure does to its record
     * @param journal where the items go
     */
    public Planner(SecretProvider source, SecretProvider target, Discovery discovery, List<Transform> transforms,
                   Planning planning, OnError onError, RunJournal journal) {
        this.source = source;
        this.target = target;
        this.discovery = discovery;
        this.transforms = List.copyOf(transforms);
        this.planning = planning;
        this.onError = onError;
        this.journal = journal;
        this.fingerprints = journal.fingerprinter();
        this.constraints = target.constraints();
    }

    /**
     * @param observer hears every value the planner takes from the source, before a transform sees
     *     it, so that a shell can mask those values in whatever a transform prints
     * @return this planner
     */
    public Planner observing(Consumer<SecretValue> observer) {
        this.valuesRead = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Plans every record and journals the items.
     *
     * @param progress hears how many records were planned
     * @param cancellation checked between batches
     * @return the counts by action; incomplete when cancelled
     */
    public PlanSummary plan(ProgressListener progress, Cancellation cancellation) {
        progress.started("planning", -1);
        long[] seq = {0};
        long planned = 0;
        List<JournalItem> unjournaled = new ArrayList<>(JOURNAL_BATCH);
        try (Stream<SecretSummary> listing = source.stream("", discovery.pageSize())) {
            Iterator<SecretSummary> it = listing.filter(discovery::accepts).iterator();
            List<String> keys = new ArrayList<>(discovery.batchSize());
            while (it.hasNext() && !cancellation.requested()) {
                keys.add(it.next().key());
                if (keys.size() == discovery.batchSize() || !it.hasNext()) {
                    unjournaled.addAll(planBatch(keys, seq));
                    planned += keys.size();
                    keys.clear();
                    if (unjournaled.size() >= JOURNAL_BATCH || !it.hasNext()) {
                        flush(unjournaled);
                        progress.progress("planning", planned, -1);
                    }
                }
            }
        }
        if (cancellation.requested()) {
            // Emptied all the same, so that a fan-in does not carry this plan's records into the next.
            transforms.forEach(t -> t.finish(context(t.name())));
        } else {
            finish(seq, unjournaled);
        }
        flush(unjournaled);
        if (cancellation.requested()) {
            return summary(false);
        }
        int collisions = journal.markCollisions(!constraints.caseSensitive());
        if (collisions > 0) {
            LOG.info("{} records collide on target names", collisions);
        }
        if (!planning.deleteExtra().isEmpty()) {
            planned += planExtra(seq, cancellation);
            if (cancellation.requested()) {
                return summary(false);
            }
        }
        progress.finished("planning", planned);
        return summary(true);
    }

    private PlanSummary summary(boolean complete) {
        ItemCounts counts = journal.counts();
        return new PlanSummary(counts.actions(), counts.flagged(), complete);
    }

    /**
     * Plans the records of some source keys again, alone, as a retry of a finished run does: with
     * the source's and the target's records as they are now. The items are returned, not journaled,
     * so that the caller can check them before they replace the old ones.
     *
     * @param sourceKeys the keys, read from the source in one batch
     * @param afterSeq the new items are numbered after this position
     * @return the new items, one or more per key
     * @throws IllegalStateException when a transform combines records of several keys, which
     *         cannot be planned again for some of them alone
     */
    public List<JournalItem> replan(List<String> sourceKeys, long afterSeq) {
        List<JournalItem> items = planBatch(sourceKeys, new long[] {afterSeq});
        for (Transform transform : transforms) {
            List<SecretRecord> held = transform.finish(context(transform.name()));
            if (held != null && !held.isEmpty()) {
                throw new IllegalStateException("transform " + transform.name() + " combines the records of several keys,"
                        + " so some of them cannot be planned again alone; start a new run");
            }
        }
        return items;
    }

    /**
     * Plans the deletion of the target's records that no item of the run lands on, among those the
     * globs of {@link Planning#deleteExtra()} and the discovery keep, page by page of the target's
     * listing. Each deletion keeps the record as its before-image, so that it is journaled and
     * undone as any write is; a record the target withholds as disabled, whose value could not be
     * kept, is left and said so.
     *
     * @return how many records of the target were planned for deletion or left
     */
    private long planExtra(long[] seq, Cancellation cancellation) {
        List<Pattern> globs = planning.deleteExtra().stream().map(Discovery::glob).toList();
        long planned = 0;
        List<JournalItem> unjournaled = new ArrayList<>();
        try (Stream<SecretSummary> listing = target.stream("", discovery.pageSize())) {
            Iterator<SecretSummary> it = listing
                    .filter(s -> globs.stream().anyMatch(g -> g.matcher(s.key()).matches()) && discovery.accepts(s))
                    .iterator();
            List<String> keys = new ArrayList<>(discovery.batchSize());
            while (it.hasNext() && !cancellation.requested()) {
                keys.add(it.next().key());
                if (keys.size() == discovery.batchSize() || !it.hasNext()) {
                    List<JournalItem> extra = extraItems(keys, seq);
                    unjournaled.addAll(extra);
                    planned += extra.size();
                    keys.clear();
                    if (unjournaled.size() >= JOURNAL_BATCH || !it.hasNext()) {
                        flush(unjournaled);
                    }
                }
            }
        }
        flush(unjournaled);
        return planned;
    }

    private List<JournalItem> extraItems(List<String> keys, long[] seq) {
        Map<String, String> folds = new HashMap<>();
        keys.forEach(k -> folds.put(k, constraints.fold(k)));
        Set<String> planned = journal.plannedFolds(folds.values());
        List<String> extra = keys.stream().filter(k -> !planned.contains(folds.get(k))).toList();
        Map<String, SecretRecord> existing = extra.isEmpty() ? Map.of() : target.readBatch(extra);
        List<JournalItem> items = new ArrayList<>(extra.size());
        String why = "not in " + source.spec().toUri();
        for (String key : extra) {
            SecretRecord record = existing.get(key);
            if (record == null) {
                if (target.readDisabled(key).isPresent()) {
                    items.add(item(++seq[0], key, key, Action.SKIP, why + ", but the target holds it disabled, so its value "
                            + "cannot be kept to undo a deletion; left as is; enable it to delete it", List.of(), List.of(),
                            null, null, null, null, null));
                }
                // Otherwise it was deleted between listing and reading: nothing is left to delete.
            } else if (!Ownership.isOwned(record) && !planning.takeOwnership()) {
                items.add(item(++seq[0], key, key, Action.CONFLICT, why + ", and was not written by Ferry; add "
                        + "'takeOwnership true' to planning to delete it", List.of(), List.of(), null, null, null, null, null));
            } else {
                items.add(item(++seq[0], key, key, Action.DELETE, why + "; deleted as extra, and written back by a rollback",
                        List.of(), List.of(), null, null, null, null, record));
            }
        }
        return items;
    }

    private void flush(List<JournalItem> unjournaled) {
        if (!unjournaled.isEmpty()) {
            journal.insertItems(unjournaled, constraints::fold, unjournaledVersions);
            unjournaled.clear();
            unjournaledVersions.clear();
        }
    }

    private List<JournalItem> planBatch(List<String> keys, long[] seq) {
        Map<String, SecretRecord> records = source.readBatch(keys);
        List<Draft> drafts = new ArrayList<>(keys.size());
        for (String key : keys) {
            SecretRecord record = records.get(key);
            if (record == null) {
                String unreadable = source.whyUnreadable(key);
                drafts.add(Draft.skipped(key, unreadable != null ? unreadable
                        : "disappeared from the source between listing and reading", List.of()));
            } else if (record.isDisabled() && discovery.skipDisabled()) {
                drafts.add(Draft.skipped(key, "is disabled in the source, and discovery says disabled 'skip'", List.of()));
            } else {
                transform(record, 0, drafts);
            }
        }
        return decide(drafts, seq);
    }

    /**
     * Asks each transform, in order, for the records it still holds, and plans them through the
     * transforms after it, a batch at a time so that memory stays bounded by the batch size and
     * whatever the transform itself holds.
     */
    private void finish(long[] seq, List<JournalItem> unjournaled) {
        for (int i = 0; i < transforms.size(); i++) {
            Transform transform = transforms.get(i);
            CollectingTransformContext context = context(transform.name());
            List<SecretRecord> held;
            try {
                held = Objects.requireNonNull(transform.finish(context), "finish returned null");
            } catch (RuntimeException e) {
                String why = "transform " + transform.name() + " failed to finish: " + Failures.describe(e);
                LOG.warn(why);
                unjournaled.addAll(decide(List.of(onError == OnError.STOP
                        ? Draft.failed(transform.name(), why, context.flags())
                        : Draft.skipped(transform.name(), why, onError == OnError.FLAG ? plus(context.flags(), why) : context.flags())), seq));
                continue;
            }
            List<Draft> drafts = new ArrayList<>(discovery.batchSize());
            for (SecretRecord record : held) {
                transform(record, i + 1, drafts);
                if (drafts.size() >= discovery.batchSize()) {
                    unjournaled.addAll(decide(drafts, seq));
                    drafts.clear();
                }
                if (unjournaled.size() >= JOURNAL_BATCH) {
                    flush(unjournaled);
                }
            }
            unjournaled.addAll(decide(drafts, seq));
        }
    }

    private List<JournalItem> decide(List<Draft> drafts, long[] seq) {
        List<String> targetKeys = drafts.stream().filter(d -> d.desired != null).map(d -> d.desired.key()).distinct().toList();
        Map<String, SecretRecord> existing = targetKeys.isEmpty() ? Map.of() : target.readBatch(targetKeys);
        List<JournalItem> items = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            JournalItem item = decide(++seq[0], d, d.desired == null ? null : existing.get(d.desired.key()));
            items.add(discovery.allVersions() && item.action() == Action.CREATE ? withEarlierVersions(item, d) : item);
        }
        return items;
    }

    /**
     * Reads the source secret's earlier versions and runs each through the transforms, so that the
     * target gets the same history, oldest first. A version the transforms skip is left out; one they
     * fail on, turn into several records or send to another name makes the item invalid, since its
     * history could not be carried faithfully.
     */
    private JournalItem withEarlierVersions(JournalItem item, Draft d) {
        List<SecretRecord> history = new ArrayList<>(source.history(d.sourceKey()));
        if (!history.isEmpty() && isCurrent(history.get(history.size() - 1), d.source)) {
            history.remove(history.size() - 1);
        }
        List<SecretRecord> earlier = new ArrayList<>(history.size());
        for (SecretRecord version : history) {
            CollectingTransformContext context = context(d.sourceKey());
            List<SecretRecord> current = List.of(version);
            try {
                for (Transform transform : transforms) {
                    List<SecretRecord> next = new ArrayList<>();
                    for (SecretRecord r : current) {
                        next.addAll(Objects.requireNonNull(transform.apply(r, context), "transform returned null"));
                    }
                    current = next;
                }
            } catch (RuntimeException e) {
                return invalid(item, "version " + version.version() + " could not be carried: transform failed: "
                        + Redactor.scrub(Failures.describe(e), version, d.source));
            }
            if (context.skipReason() != null) {
                continue;
            }
            if (current.size() != 1 || !current.get(0).key().equals(item.targetKey())) {
                return invalid(item, "version " + version.version() + " could not be carried: the transforms turn it into "
                        + current.size() + " record(s)" + (current.size() == 1 ? " named '" + current.get(0).key() + "'" : "")
                        + "; versions 'all' needs transforms that keep each secret one record under one name");
            }
            SecretRecord mapped = Ownership.mark(current.get(0));
            List<String> violations = target.violations(mapped);
            if (!violations.isEmpty()) {
                return invalid(item, "version " + version.version() + " could not be carried: " + String.join("; ", violations));
            }
            earlier.add(mapped);
        }
        if (!earlier.isEmpty()) {
            unjournaledVersions.put(item.seq(), earlier);
        }
        return item;
    }

    private static boolean isCurrent(SecretRecord version, SecretRecord current) {
        return version.version() != null ? version.version().equals(current.version())
                : version.value().equals(current.value());
    }

    private static JournalItem invalid(JournalItem item, String reason) {
        return item(item.seq(), item.sourceKey(), item.targetKey(), Action.INVALID, reason, item.flags(), List.of(), null,
                item.sourceFingerprint(), item.desiredFingerprint(), null, null);
    }

    /**
     * Runs the record through the transforms from {@code first} on, adding one draft per outcome.
     * Records that a fan-in transform releases meanwhile (a collapse group the listing has passed)
     * are planned too, each through the transforms after the one that released it and as its own
     * source: the record that showed the group complete is not where the group came from.
     */
    private void transform(SecretRecord record, int first, List<Draft> drafts) {
        List<Released> released = new ArrayList<>();
        transformAlone(record, first, drafts, released);
        for (Released r : released) {
            transform(r.record(), r.after(), drafts);
        }
    }

    /** A record a transform released, to go on through the transforms from {@code after}. */
    private record Released(SecretRecord record, int after) {
    }

    private void transformAlone(SecretRecord record, int first, List<Draft> drafts, List<Released> released) {
        valuesRead.accept(record.value());
        List<SecretRecord> current = List.of(record);
        CollectingTransformContext context = context(record.key());
        String emptiedBy = null;
        for (int i = first; i < transforms.size(); i++) {
            Transform transform = transforms.get(i);
            List<SecretRecord> next = new ArrayList<>();
            for (SecretRecord r : current) {
                try {
                    next.addAll(Objects.requireNonNull(transform.apply(r, context), "transform returned null"));
                } catch (RuntimeException e) {
                    String why = "transform " + transform.name() + " failed: " + Redactor.scrub(Failures.describe(e), record, r);
                    LOG.warn("{}: {}", record.key(), why);
                    drafts.add(switch (onError) {
                        case STOP -> Draft.invalid(record, why, context.flags());
                        case SKIP -> Draft.skipped(record.key(), why, context.flags());
                        case FLAG -> Draft.skipped(record.key(), why, plus(context.flags(), why));
                    });
                    return;
                }
                for (SecretRecord group : transform.completed(context(transform.name()))) {
                    released.add(new Released(group, i + 1));
                }
            }
            current = next;
            if (current.isEmpty() && emptiedBy == null) {
                emptiedBy = transform.name();
            }
            if (context.skipReason() != null) {
                break;
            }
        }
        if (context.skipReason() != null) {
            drafts.add(Draft.skipped(record.key(), context.skipReason(), context.flags()));
        } else if (current.isEmpty()) {
            drafts.add(Draft.skipped(record.key(), "transform " + emptiedBy + " passed no record on", context.flags()));
        } else {
            for (SecretRecord out : current) {
                drafts.add(Draft.planned(record, Ownership.mark(out), context.flags()));
            }
        }
    }

    private JournalItem decide(long seq, Draft d, SecretRecord existing) {
        String sourceFp = d.source == null ? null : d.source.value().fingerprint(fingerprints);
        if (d.desired == null) {
            Action action = d.invalidReason != null ? Action.INVALID : Action.SKIP;
            String reason = d.invalidReason != null ? d.invalidReason : d.skipReason;
            return item(seq, d.sourceKey(), d.sourceKey(), action, reason, d.flags, List.of(), null, sourceFp, null, null,
                    null);
        }
        SecretRecord desired = d.desired;
        String desiredFp = desired.value().fingerprint(fingerprints);
        List<String> violations = target.violations(desired);
        if (!violations.isEmpty()) {
            return item(seq, d.sourceKey(), desired.key(), Action.INVALID, String.join("; ", violations), d.flags,
                    List.of(), null, sourceFp, desiredFp, null, null);
        }
        if (desired.isDisabled() && !target.keepsAttribute(SecretRecord.ENABLED)) {
            return item(seq, d.sourceKey(), desired.key(), Action.SKIP, "is disabled, and " + constraints.store()
                    + " has no disabled state, so a copy would be live; enable it in the source to copy it",
                    d.flags, List.of(), null, sourceFp, desiredFp, null, null);
        }
        if (existing == null) {
            SecretRecord disabled = target.readDisabled(desired.key()).orElse(null);
            if (disabled != null) {
                return decideOverDisabled(seq, d, disabled, sourceFp, desiredFp);
            }
            if (target.isSoftDeleted(desired.key())) {
                return switch (planning.onSoftDeleted()) {
                    case FAIL -> item(seq, d.sourceKey(), desired.key(), Action.CONFLICT, "the name is held by a deleted "
                            + "but recoverable secret in the target; recover or purge it, or say onSoftDeleted 'recover' "
                            + "or 'purge' in planning", d.flags, List.of(), null, sourceFp, desiredFp, null, null);
                    case RECOVER -> item(seq, d.sourceKey(), desired.key(), Action.CREATE, "held by a deleted secret in "
                            + "the target, which will be recovered and overwritten", d.flags, List.of(), null, sourceFp,
                            desiredFp, desired, null);
                    case PURGE -> item(seq, d.sourceKey(), desired.key(), Action.CREATE, "held by a deleted secret in the "
                            + "target, which will be purged first", d.flags, List.of(), null, sourceFp, desiredFp, desired,
                            null);
                };
            }
            return item(seq, d.sourceKey(), desired.key(), Action.CREATE, "not in the target", d.flags, List.of(), null,
                    sourceFp, desiredFp, desired, null);
        }
        boolean valueChanged = !existing.value().equals(desired.value());
        List<String> changes = RecordChanges.between(existing, desired, target);
        if (!valueChanged && changes.isEmpty()) {
            return item(seq, d.sourceKey(), desired.key(), Action.UNCHANGED, "the target already holds this", d.flags,
                    changes, false, sourceFp, desiredFp, null, existing);
        }
        String what = valueChanged ? "value differs" : "metadata differs";
        return switch (planning.onExisting()) {
            case SKIP -> item(seq, d.sourceKey(), desired.key(), Action.SKIP, "exists in the target and its " + what
                    + "; onExisting is 'skip'", d.flags, changes, valueChanged, sourceFp, desiredFp, null, existing);
            case FAIL -> item(seq, d.sourceKey(), desired.key(), Action.CONFLICT, "exists in the target and its " + what
                    + "; onExisting is 'fail'", d.flags, changes, valueChanged, sourceFp, desiredFp, null, existing);
            case UPDATE -> !Ownership.isOwned(existing) && !planning.takeOwnership()
                    ? item(seq, d.sourceKey(), desired.key(), Action.CONFLICT, "exists in the target and was not "
                    + "written by Ferry; add 'takeOwnership true' to planning to overwrite it", d.flags, changes,
                    valueChanged, sourceFp, desiredFp, null, existing)
                    : item(seq, d.sourceKey(), desired.key(), Action.UPDATE, "exists in the target and its " + what,
                    d.flags, changes, valueChanged, sourceFp, desiredFp, desired, existing);
        };
    }

    /**
     * Plans a record whose target the store holds disabled, and whose value it will not give: a
     * disabled record with the same metadata is unchanged (its value cannot be compared, and a run
     * that wrote it journaled its fingerprint); anything else is a change of a record that exists.
     * The journal keeps the record to write even when unchanged, so that validation can check the
     * target by its attributes; it keeps no before-image, as the value before cannot be read.
     */
    private JournalItem decideOverDisabled(long seq, Draft d, SecretRecord disabled, String sourceFp, String desiredFp) {
        SecretRecord desired = d.desired;
        List<String> changes = new ArrayList<>(RecordChanges.between(disabled, desired, target));
        if (!desired.isDisabled() && !desired.attributes().containsKey(SecretRecord.ENABLED)) {
            changes.add("attribute " + SecretRecord.ENABLED + ": 'false' -> none (a new version is enabled)");
        }
        if (desired.isDisabled() && changes.isEmpty()) {
            return item(seq, d.sourceKey(), desired.key(), Action.UNCHANGED, "the target holds it disabled with the same "
                    + "metadata; its value cannot be read to compare", d.flags, changes, null, sourceFp, desiredFp,
                    desired, null);
        }
        String what = "is disabled there, so its value cannot be compared"
                + (changes.isEmpty() ? "" : ", and its metadata differs");
        return switch (planning.onExisting()) {
            case SKIP -> item(seq, d.sourceKey(), desired.key(), Action.SKIP, "exists in the target and " + what
                    + "; onExisting is 'skip'", d.flags, changes, null, sourceFp, desiredFp, null, null);
            case FAIL -> item(seq, d.sourceKey(), desired.key(), Action.CONFLICT, "exists in the target and " + what
                    + "; onExisting is 'fail'", d.flags, changes, null, sourceFp, desiredFp, null, null);
            case UPDATE -> !Ownership.isOwned(disabled) && !planning.takeOwnership()
                    ? item(seq, d.sourceKey(), desired.key(), Action.CONFLICT, "exists in the target and was not "
                    + "written by Ferry; add 'takeOwnership true' to planning to overwrite it", d.flags, changes,
                    null, sourceFp, desiredFp, null, null)
                    : item(seq, d.sourceKey(), desired.key(), Action.UPDATE, "exists in the target and " + what,
                    d.flags, changes, null, sourceFp, desiredFp, desired, null);
        };
    }

    private static JournalItem item(long seq, String sourceKey, String targetKey, Action action, String reason,
                                    List<String> flags, List<String> changes, Boolean valueChanged, String sourceFp,
                                    String desiredFp, SecretRecord desired, SecretRecord before) {
        ItemStatus status = action.writes() ? ItemStatus.PENDING : ItemStatus.NOOP;
        return new JournalItem(seq, sourceKey, targetKey, action, reason, flags, changes, valueChanged, sourceFp,
                desiredFp, desired, action.writes() ? before : null, status, 0, null, null);
    }

    private static List<String> plus(List<String> list, String more) {
        List<String> copy = new ArrayList<>(list);
        copy.add(more);
        return copy;
    }

    /**
     * A record between transforming and deciding: what to write, or why nothing will be.
     *
     * @param source the source record, or null when it could not be read
     * @param desired the record to write, or null when it is skipped or invalid
     * @param skipReason why it is skipped, or null
     * @param invalidReason why it is invalid, or null
     * @param flags reasons to review it
     * @param sourceKey the key in the source
     */
    private record Draft(SecretRecord source, SecretRecord desired, String skipReason, String invalidReason,
                         List<String> flags, String sourceKey) {

        static Draft planned(SecretRecord source, SecretRecord desired, List<String> flags) {
            return new Draft(source, desired, null, null, List.copyOf(flags), source.key());
        }

        static Draft skipped(String key, String reason, List<String> flags) {
            return new Draft(null, null, reason, null, List.copyOf(flags), key);
        }

        static Draft failed(String key, String reason, List<String> flags) {
            return new Draft(null, null, null, reason, List.copyOf(flags), key);
        }

        static Draft invalid(SecretRecord source, String reason, List<String> flags) {
            return new Draft(source, null, null, reason, List.copyOf(flags), source.key());
        }
    }

    private static CollectingTransformContext context(String sourceKey) {
        return new CollectingTransformContext(sourceKey, message -> LOG.info("{}: {}", sourceKey, message));
    }
}
