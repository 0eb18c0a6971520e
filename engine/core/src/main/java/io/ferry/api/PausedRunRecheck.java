package io.ferry.api;

import io.ferry.audit.AuditTrail;
import io.ferry.plan.Planner;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.SecretProvider;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a paused run continues in its next window, compares the source records of what it has not
 * written yet with the fingerprints planned from: a record that changed meanwhile (or left the
 * source) is planned again, with the source and the target as they are now, and said so, one line
 * each (key and fingerprint, never a value) in the log and the audit trail, which the run's report
 * shows. What the run already wrote stays as written.
 */
final class PausedRunRecheck {

    private static final Logger LOG = LoggerFactory.getLogger(PausedRunRecheck.class);

    private final SecretProvider source;
    private final RunJournal journal;
    private final Supplier<Planner> planner;
    private final AuditTrail audit;
    private final Function<String, String> fold;
    private final int batchSize;

    /**
     * @param source the run's source
     * @param journal the run's journal
     * @param planner plans records again with the runbook's discovery and transforms
     * @param audit the run's audit trail
     * @param fold how the target compares names
     * @param batchSize source keys read at once
     */
    PausedRunRecheck(SecretProvider source, RunJournal journal, Supplier<Planner> planner, AuditTrail audit,
                     Function<String, String> fold, int batchSize) {
        this.source = source;
        this.journal = journal;
        this.planner = planner;
        this.audit = audit;
        this.fold = fold;
        this.batchSize = batchSize;
    }

    /**
     * @return the source keys planned again, in plan order
     * @throws FerryException of code {@link ExitCode#USAGE} when a transform combines records of
     *     several keys, so that some cannot be planned again alone
     */
    List<String> recheck() {
        Set<String> changed = new LinkedHashSet<>();
        long after = 0;
        for (List<JournalItem> page = unwritten(after); !page.isEmpty(); page = unwritten(after)) {
            Map<String, String> planned = new LinkedHashMap<>();
            for (JournalItem item : page) {
                planned.putIfAbsent(item.sourceKey(), item.sourceFingerprint());
            }
            Map<String, SecretRecord> now = source.readBatch(List.copyOf(planned.keySet()));
            planned.forEach((key, fingerprint) -> {
                SecretRecord record = now.get(key);
                String current = record == null ? null : record.value().fingerprint(journal.fingerprinter());
                if (!Objects.equals(current, fingerprint)) {
                    changed.add(key);
                }
            });
            after = page.get(page.size() - 1).seq();
        }
        List<String> keys = List.copyOf(changed);
        for (int from = 0; from < keys.size(); from += batchSize) {
            replan(keys.subList(from, Math.min(keys.size(), from + batchSize)));
        }
        return keys;
    }

    private List<JournalItem> unwritten(long after) {
        return journal.items(Set.of(ItemStatus.PENDING, ItemStatus.NOOP), after, batchSize, false);
    }

    private void replan(List<String> keys) {
        List<JournalItem> fresh;
        try {
            fresh = planner.get().replan(keys, journal.lastSeq());
        } catch (IllegalStateException e) {
            throw new FerryException(ExitCode.USAGE, "source records of paused run " + journal.runId() + " changed, and "
                    + e.getMessage() + "; or roll it back: ferry rollback " + journal.runId(), e);
        }
        journal.replacePlannedItems(keys, fresh, fold);
        Set<String> planned = new LinkedHashSet<>();
        for (JournalItem item : fresh) {
            planned.add(item.sourceKey());
            String action = item.action().name().toLowerCase(Locale.ROOT);
            audit.record("planning", item.sourceKey(), item.action().name(), "planned again: the source changed while the run"
                    + " was paused", item.sourceFingerprint(), action + " " + item.targetKey());
            LOG.info("[{}] {} planned again ({}, fingerprint {}): the source changed while the run was paused",
                    journal.runId(), item.sourceKey(), action, item.sourceFingerprint());
        }
        List<String> gone = new ArrayList<>(keys);
        gone.removeAll(planned);
        for (String key : gone) {
            audit.record("planning", key, null, "dropped from the plan: the source no longer holds it", null, null);
            LOG.info("[{}] {} dropped from the plan: the source no longer holds it", journal.runId(), key);
        }
        audit.flush();
    }
}
