package io.ferry.verify;

import io.ferry.plan.RecordChanges;
import io.ferry.run.Cancellation;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Validation;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.SecretProvider;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Reads back every record the run wrote or found unchanged, directly by key (a listing may lag),
 * and compares its value's fingerprint with the planned one; a record the run deleted must be gone.
 */
public final class Validator {

    private static final int MAX_EXAMPLES = 20;

    private final SecretProvider target;
    private final Validation options;
    private final RunJournal journal;
    private final int batchSize;

    /**
     * @param target the target
     * @param options what to compare and the bar
     * @param journal the run's journal
     * @param batchSize records read back per batch
     */
    public Validator(SecretProvider target, Validation options, RunJournal journal, int batchSize) {
        this.target = target;
        this.options = options;
        this.journal = journal;
        this.batchSize = batchSize;
    }

    /**
     * @param progress hears how many records were compared
     * @param cancellation checked between batches
     * @return the comparison
     */
    public ValidationReport validate(ProgressListener progress, Cancellation cancellation) {
        Fingerprinter fingerprints = journal.fingerprinter();
        long compared = 0;
        long matched = 0;
        long missing = 0;
        long mismatched = 0;
        List<String> examples = new ArrayList<>();
        progress.started("validation", -1);
        long cursor = 0;
        while (!cancellation.requested()) {
            List<JournalItem> page = journal.items(Set.of(ItemStatus.DONE, ItemStatus.NOOP), cursor, batchSize, false);
            if (page.isEmpty()) {
                break;
            }
            cursor = page.get(page.size() - 1).seq();
            List<JournalItem> chosen = page.stream()
                    .filter(i -> i.status() == ItemStatus.DONE || i.action() == Action.UNCHANGED)
                    .filter(i -> options.compare() == Validation.Compare.FULL || sampled(i.seq()))
                    .toList();
            Map<String, SecretRecord> found = target.readBatch(chosen.stream().map(JournalItem::targetKey).distinct().toList());
            for (JournalItem item : chosen) {
                compared++;
                SecretRecord now = found.get(item.targetKey());
                SecretRecord disabled = now == null ? target.readDisabled(item.targetKey()).orElse(null) : null;
                if (item.action() == Action.DELETE) {
                    if (now == null && disabled == null) {
                        matched++;
                    } else {
                        mismatched++;
                        example(examples, item.targetKey() + ": still in the target, though the plan deleted it");
                    }
                } else if (disabled != null) {
                    if (heldAsPlanned(item, disabled)) {
                        matched++;
                    } else {
                        mismatched++;
                        example(examples, item.targetKey() + ": disabled in the target, and not as the plan wrote it");
                    }
                } else if (now == null) {
                    missing++;
                    example(examples, item.targetKey() + ": missing from the target");
                } else if (now.value().fingerprint(fingerprints).equals(item.desiredFingerprint())) {
                    matched++;
                } else {
                    mismatched++;
                    example(examples, item.targetKey() + ": value differs from the plan");
                }
            }
            progress.progress("validation", compared, -1);
        }
        long extra = options.compare() == Validation.Compare.FULL ? countExtra() : 0;
        progress.finished("validation", compared);
        double rate = compared == 0 ? 1.0 : (double) matched / compared;
        return new ValidationReport(compared, matched, missing, mismatched, extra, rate, options.minMatchRate(), examples);
    }

    /**
     * A record the target holds disabled, whose value it will not give, is checked by its metadata:
     * the run planned it disabled, and the target holds the content type, expiry, tags and kept
     * attributes planned.
     */
    private boolean heldAsPlanned(JournalItem item, SecretRecord disabled) {
        // Validation pages through items without their images; this one's is read alone.
        List<JournalItem> full = journal.items(Set.of(item.status()), item.seq() - 1, 1, true);
        SecretRecord desired = full.isEmpty() || full.get(0).seq() != item.seq() ? null : full.get(0).desired();
        return desired != null && desired.isDisabled() && RecordChanges.between(disabled, desired, target).isEmpty();
    }

    private boolean sampled(long seq) {
        CRC32 crc = new CRC32();
        crc.update((journal.runId() + "/" + seq).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() / (double) 0xFFFFFFFFL < options.sampleFraction();
    }

    private long countExtra() {
        long extra = 0;
        try (Stream<SecretSummary> listing = target.stream("", batchSize)) {
            Iterator<SecretSummary> it = listing.iterator();
            List<String> keys = new ArrayList<>(batchSize);
            while (it.hasNext()) {
                keys.add(it.next().key());
                if (keys.size() == batchSize || !it.hasNext()) {
                    extra += keys.size() - journal.plannedTargetKeys(keys).size();
                    keys.clear();
                }
            }
        }
        return extra;
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(line);
        }
    }
}
