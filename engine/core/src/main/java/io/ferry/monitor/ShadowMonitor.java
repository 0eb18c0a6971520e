package io.ferry.monitor;

import io.ferry.run.Cancellation;
import io.ferry.runbook.Monitoring;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.SecretProvider;
import io.ferry.state.PhaseJournal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Compares a sample of the migrated records between source and target, on a schedule. Each
 * comparison reads the source and the target by key (in batches) and compares values by keyed
 * fingerprint; a record matches when both stores hold the same value, or when both still hold what
 * the run planned (for values its transforms changed). Every comparison is recorded in the state
 * store as evidence for the cutover gate.
 */
public final class ShadowMonitor {

    private static final int BATCH = 100;
    /**
     * The fewest records a sampled comparison compares (all of them on a smaller store): a sample of
     * 10 % of 2 records would otherwise often compare none, and a comparison of nothing proves nothing.
     */
    static final int MIN_SAMPLE = 20;
    private static final int MAX_EXAMPLES = 20;
    private static final long TICK_MS = 50;

    /**
     * One migrated record.
     *
     * @param sourceKey its key in the source
     * @param targetKey its key in the target
     * @param sourceFingerprint the source value's fingerprint when it was planned, or null
     * @param desiredFingerprint the fingerprint of the value planned for the target, or null
     */
    public record Pair(String sourceKey, String targetKey, String sourceFingerprint, String desiredFingerprint) {
    }

    private final SecretProvider source;
    private final SecretProvider target;
    private final Supplier<Iterator<Pair>> pairs;
    private final Monitoring monitoring;
    private final Fingerprinter fingerprints;
    private final PhaseJournal journal;
    private final String migrationId;
    private final RandomGenerator random;

    /**
     * @param source the source
     * @param target the target
     * @param pairs the migrated records, afresh for each comparison
     * @param monitoring the schedule, sample and bar; its shadow read must be set
     * @param fingerprints the fingerprinter the pairs' fingerprints were made with
     * @param journal where comparisons are recorded
     * @param migrationId the run or sync they are recorded for
     * @param random picks the sample
     */
    public ShadowMonitor(SecretProvider source, SecretProvider target, Supplier<Iterator<Pair>> pairs, Monitoring monitoring,
                         Fingerprinter fingerprints, PhaseJournal journal, String migrationId, RandomGenerator random) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
        if (monitoring.shadowRead() == null) {
            throw new IllegalArgumentException("the runbook declares no shadow read; add: monitoring { shadowRead every: '1m', during: '1h' }");
        }
        this.fingerprints = Objects.requireNonNull(fingerprints, "fingerprints");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Compares once and records the comparison.
     *
     * @param differing receives up to 20 target keys that differ
     * @return the comparison
     */
    public PhaseJournal.Check check(List<String> differing) {
        // Kept to the millisecond, as the state store keeps it, so the window judged here is the one the gate sees.
        Tally tally = new Tally(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        double sample = monitoring.shadowRead().sample();
        Iterator<Pair> it = pairs.get();
        List<Pair> batch = new ArrayList<>(BATCH);
        // A uniform pick of the records the sample passed over, to make up the minimum at the end.
        List<Pair> passedOver = new ArrayList<>(MIN_SAMPLE);
        long skipped = 0;
        while (it.hasNext()) {
            Pair p = it.next();
            if (sample < 1 && random.nextDouble() >= sample) {
                skipped++;
                if (passedOver.size() < MIN_SAMPLE) {
                    passedOver.add(p);
                } else {
                    long slot = random.nextLong(skipped);
                    if (slot < MIN_SAMPLE) {
                        passedOver.set((int) slot, p);
                    }
                }
                continue;
            }
            batch.add(p);
            if (batch.size() == BATCH) {
                compare(batch, tally, differing);
            }
        }
        compare(batch, tally, differing);
        long shortOf = MIN_SAMPLE - tally.compared;
        if (shortOf > 0 && !passedOver.isEmpty()) {
            batch.addAll(passedOver.subList(0, (int) Math.min(shortOf, passedOver.size())));
            compare(batch, tally, differing);
        }
        PhaseJournal.Check check = new PhaseJournal.Check(tally.at, tally.compared, tally.matched, tally.mismatched, tally.missing);
        journal.recordCheck(migrationId, check);
        return check;
    }

    /** Counts of one comparison under way. */
    private static final class Tally {
        final Instant at;
        long compared;
        long matched;
        long mismatched;
        long missing;

        Tally(Instant at) {
            this.at = at;
        }
    }

    private void compare(List<Pair> batch, Tally tally, List<String> differing) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, SecretRecord> inSource = source.readBatch(batch.stream().map(Pair::sourceKey).distinct().toList());
        Map<String, SecretRecord> inTarget = target.readBatch(batch.stream().map(Pair::targetKey).distinct().toList());
        for (Pair pair : batch) {
            tally.compared++;
            SecretRecord s = inSource.get(pair.sourceKey());
            SecretRecord t = inTarget.get(pair.targetKey());
            if (s == null && t == null) {
                tally.matched++;
            } else if (t == null) {
                tally.missing++;
                example(differing, pair.targetKey());
            } else if (s != null && same(pair, s, t)) {
                tally.matched++;
            } else {
                tally.mismatched++;
                example(differing, pair.targetKey());
            }
        }
        batch.clear();
    }

    private boolean same(Pair pair, SecretRecord s, SecretRecord t) {
        String sf = s.value().fingerprint(fingerprints);
        String tf = t.value().fingerprint(fingerprints);
        return sf.equals(tf) || (sf.equals(pair.sourceFingerprint()) && tf.equals(pair.desiredFingerprint()));
    }

    private static void example(List<String> differing, String key) {
        if (differing.size() < MAX_EXAMPLES) {
            differing.add(key);
        }
    }

    /**
     * Compares now and then every {@code every}, until {@code during} has passed since the first
     * comparison, a comparison falls below the bar, or the cancellation is requested. Comparisons
     * start on a fixed schedule, so the last starts at least {@code during} after the first.
     *
     * @param cancellation ends the watch early
     * @param listener hears each comparison
     * @return what the watch saw
     */
    public MonitorResult watch(Cancellation cancellation, MonitorListener listener) {
        Monitoring.ShadowRead options = monitoring.shadowRead();
        Instant start = Instant.now();
        List<PhaseJournal.Check> checks = new ArrayList<>();
        for (long k = 0; ; k++) {
            // Scheduled from the first comparison's start, which is where the evidence's window starts.
            Instant due = (checks.isEmpty() ? start : checks.get(0).at()).plus(options.every().multipliedBy(k));
            if (!waitUntil(due, cancellation)) {
                return new MonitorResult(checks, monitoring.minMatchRate(), false, true, "interrupted after "
                        + checks.size() + " checks; the window did not pass");
            }
            List<String> differing = new ArrayList<>();
            PhaseJournal.Check check = check(differing);
            checks.add(check);
            listener.checked(check, differing);
            if (check.compared() > 0 && check.matchRate() < monitoring.minMatchRate()) {
                return new MonitorResult(checks, monitoring.minMatchRate(), false, false, String.format(Locale.ROOT,
                        "the match rate %.4f fell below the runbook's %.4f (%d of %d records differ)", check.matchRate(),
                        monitoring.minMatchRate(), check.drift(), check.compared()));
            }
            // A comparison of nothing is no evidence: the window runs from the first that compared records.
            PhaseJournal.Check firstEvidence = checks.stream().filter(c -> c.compared() > 0).findFirst().orElse(null);
            if (firstEvidence != null && Duration.between(firstEvidence.at(), check.at()).compareTo(options.during()) >= 0) {
                long counted = checks.stream().filter(c -> c.compared() > 0).count();
                return new MonitorResult(checks, monitoring.minMatchRate(), true, false, String.format(Locale.ROOT,
                        "the match rate held at or above %.4f for %s over %d checks", monitoring.minMatchRate(),
                        Monitoring.format(options.during()), counted));
            }
            if (firstEvidence == null && Duration.between(checks.get(0).at(), check.at()).compareTo(options.during()) >= 0) {
                return new MonitorResult(checks, monitoring.minMatchRate(), false, false, "no comparison in "
                        + Monitoring.format(options.during()) + " found a migrated record to compare, so there is no evidence "
                        + "that source and target agree; run the copy (or let the sync pass) first");
            }
        }
    }

    private static boolean waitUntil(Instant due, Cancellation cancellation) {
        while (!cancellation.requested()) {
            long ms = Duration.between(Instant.now(), due).toMillis();
            if (ms <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(ms, TICK_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
