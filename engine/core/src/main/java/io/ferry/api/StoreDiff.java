package io.ferry.api;

import io.ferry.run.Cancellation;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.SecretProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Compares two stores in two streamed passes (each side's keys looked up in the other in batches),
 * so memory depends on the batch size, not on the number of secrets. Values are compared by
 * fingerprints under a throw-away key. A secret a store holds disabled, whose value it will not
 * give ({@link SecretProvider#readDisabled}), is compared by that state alone.
 */
final class StoreDiff {

    private final SecretProvider a;
    private final SecretProvider b;
    private final int batchSize;
    private final Fingerprinter fingerprints = Fingerprinter.ephemeral();

    StoreDiff(SecretProvider a, SecretProvider b, int batchSize) {
        this.a = a;
        this.b = b;
        this.batchSize = batchSize;
    }

    DiffReport compare(Consumer<DiffReport.Entry> each, Cancellation cancellation) {
        long[] counts = new long[4];
        forEachBatch(a, cancellation, keys -> {
            Map<String, SecretRecord> mine = a.readBatch(keys);
            Map<String, SecretRecord> theirs = b.readBatch(keys);
            for (String key : keys) {
                boolean leftWithheld = !mine.containsKey(key);
                SecretRecord left = leftWithheld ? a.readDisabled(key).orElse(null) : mine.get(key);
                if (left == null) {
                    continue;
                }
                boolean rightWithheld = !theirs.containsKey(key);
                SecretRecord right = rightWithheld ? b.readDisabled(key).orElse(null) : theirs.get(key);
                if (right == null) {
                    counts[2]++;
                    each.accept(new DiffReport.Entry(key, DiffReport.Kind.MISSING));
                } else if (leftWithheld || rightWithheld) {
                    // A value a store withholds cannot be compared: disabled on both sides is the same.
                    if (left.isDisabled() && right.isDisabled()) {
                        counts[0]++;
                    } else {
                        counts[1]++;
                        each.accept(new DiffReport.Entry(key, DiffReport.Kind.DIFFERENT));
                    }
                } else if (left.value().fingerprint(fingerprints).equals(right.value().fingerprint(fingerprints))) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    each.accept(new DiffReport.Entry(key, DiffReport.Kind.DIFFERENT));
                }
            }
        });
        forEachBatch(b, cancellation, keys -> {
            Map<String, SecretRecord> inA = a.readBatch(keys);
            for (String key : keys) {
                if (!inA.containsKey(key) && a.readDisabled(key).isEmpty()) {
                    counts[3]++;
                    each.accept(new DiffReport.Entry(key, DiffReport.Kind.EXTRA));
                }
            }
        });
        return new DiffReport(counts[0], counts[1], counts[2], counts[3], !cancellation.requested());
    }

    private void forEachBatch(SecretProvider provider, Cancellation cancellation, Consumer<List<String>> batch) {
        try (Stream<SecretSummary> listing = provider.stream("", batchSize)) {
            Iterator<SecretSummary> it = listing.iterator();
            List<String> keys = new ArrayList<>(batchSize);
            while (it.hasNext() && !cancellation.requested()) {
                keys.add(it.next().key());
                if (keys.size() == batchSize || !it.hasNext()) {
                    batch.accept(keys);
                    keys = new ArrayList<>(batchSize);
                }
            }
        }
    }
}
