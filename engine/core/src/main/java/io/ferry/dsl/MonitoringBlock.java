package io.ferry.dsl;

import io.ferry.runbook.Monitoring;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The delegate of {@code monitoring { }}: what goes on after the run until cutover.
 * {@code sync every: '5m'} keeps the target in step with the source;
 * {@code shadowRead every: '1m', during: '1h', sample: 0.1} compares them on a schedule;
 * {@code minMatchRate 0.999} is the bar the comparisons must hold for cutover.
 */
public final class MonitoringBlock extends DslBlock {

    private static final Set<String> SYNC_OPTIONS = Set.of("every");
    private static final Set<String> SHADOW_OPTIONS = Set.of("every", "during", "sample");

    private Monitoring monitoring = Monitoring.none();

    MonitoringBlock(Evaluation evaluation) {
        super(evaluation);
    }

    /** @param options {@code every: '5m'}: the wait between sync passes */
    public void sync(Map<String, Object> options) {
        evaluation().attempt(() -> {
            check("sync", options, SYNC_OPTIONS, Set.of("every"));
            Duration every = Monitoring.parseDuration(text(options.get("every"), "sync every"), "sync every");
            monitoring = new Monitoring(every, monitoring.shadowRead(), monitoring.minMatchRate());
        });
    }

    /** @param options {@code every: '1m', during: '1h', sample: 0.1}; sample defaults to 1 (every record) */
    public void shadowRead(Map<String, Object> options) {
        evaluation().attempt(() -> {
            check("shadowRead", options, SHADOW_OPTIONS, Set.of("every", "during"));
            Duration every = Monitoring.parseDuration(text(options.get("every"), "shadowRead every"), "shadowRead every");
            Duration during = Monitoring.parseDuration(text(options.get("during"), "shadowRead during"), "shadowRead during");
            Object sample = options.getOrDefault("sample", 1.0);
            if (!(sample instanceof Number n)) {
                throw new IllegalArgumentException("shadowRead sample takes a number above 0 and at most 1, such as 0.1");
            }
            monitoring = new Monitoring(monitoring.syncEvery(), new Monitoring.ShadowRead(every, during, n.doubleValue()),
                    monitoring.minMatchRate());
        });
    }

    /** @param rate the share of compared records that must match, 0 to 1; default 1 */
    public void minMatchRate(double rate) {
        evaluation().attempt(() -> monitoring = new Monitoring(monitoring.syncEvery(), monitoring.shadowRead(), rate));
    }

    private static void check(String option, Map<String, Object> given, Set<String> known, Set<String> required) {
        Set<String> unknown = new TreeSet<>();
        for (Object name : given.keySet()) {
            if (!known.contains(String.valueOf(name))) {
                unknown.add(String.valueOf(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(option + " does not take " + String.join(", ", unknown) + "; it takes "
                    + String.join(", ", new TreeSet<>(known)));
        }
        for (String name : new TreeSet<>(required)) {
            if (!given.containsKey(name)) {
                throw new IllegalArgumentException(option + " needs " + name + ", for example: " + example(option));
            }
        }
    }

    private static String example(String option) {
        return option.equals("sync") ? "sync every: '5m'" : "shadowRead every: '1m', during: '1h', sample: 0.1";
    }

    private static String text(Object value, String what) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        throw new IllegalArgumentException(what + " takes text such as '5m'");
    }

    Monitoring monitoring() {
        return monitoring;
    }
}
