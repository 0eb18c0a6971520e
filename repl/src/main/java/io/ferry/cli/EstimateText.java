package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.Estimate;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints what applying a plan will cost: the records by action, then a line per store with its calls
 * and the time they take at the rate that paces them most ("about 41 min at AWS Secrets Manager's 50
 * writes/s"), then the total, and for a runbook with a schedule the maintenance windows it needs. As text, or as the {@code estimate} object of a plan's JSON.
 */
final class EstimateText {

    private EstimateText() {
    }

    /**
     * @param out where to print
     * @param estimate the estimate
     */
    static void print(PrintWriter out, Estimate estimate) {
        out.println("  estimate:   what applying this plan will take");
        List<String> records = new ArrayList<>();
        estimate.records().forEach((action, n) -> records.add(count(n) + " " + action));
        out.println("    records:  " + String.join(", ", records));
        for (Estimate.StoreCalls store : estimate.stores()) {
            out.println("    " + store.role() + ":   " + store.uri() + " (" + store.store() + "): " + calls(store) + "; "
                    + time(store));
        }
        out.println("    total:    " + about(estimate.duration()));
        if (estimate.windows() != null) {
            long n = estimate.windows().count();
            out.println("    windows:  " + count(n) + " maintenance window" + (n == 1 ? "" : "s") + " ("
                    + estimate.windows().schedule() + "), each taking the whole batches that fit in it");
        }
    }

    /**
     * @param estimate the estimate
     * @return it as JSON: records by action, the stores with their calls and seconds, the total seconds
     */
    static ObjectNode json(Estimate estimate) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode records = n.putObject("records");
        estimate.records().forEach(records::put);
        var stores = n.putArray("stores");
        for (Estimate.StoreCalls store : estimate.stores()) {
            ObjectNode s = stores.addObject();
            s.put("role", store.role());
            s.put("uri", store.uri());
            s.put("store", store.store());
            s.put("writes", store.writes());
            s.put("reads", store.reads());
            s.put("batchReads", store.batchReads());
            s.put("lists", store.lists());
            s.put("seconds", seconds(store.duration()));
            if (store.pace() == null) {
                s.putNull("pacedBy");
            } else {
                ObjectNode pace = s.putObject("pacedBy");
                pace.put("by", store.pace().by());
                pace.put("calls", store.pace().calls());
                pace.put("perSecond", store.pace().perSecond());
            }
        }
        n.put("seconds", seconds(estimate.duration()));
        if (estimate.windows() != null) {
            ObjectNode windows = n.putObject("windows");
            windows.put("schedule", estimate.windows().schedule());
            windows.put("count", estimate.windows().count());
        }
        return n;
    }

    private static String calls(Estimate.StoreCalls store) {
        List<String> parts = new ArrayList<>();
        parts.add(plural(store.writes(), "write call"));
        parts.add(plural(store.reads(), "read call"));
        if (store.batchReads() > 0) {
            parts.add(plural(store.batchReads(), "batch read call"));
        }
        if (store.lists() > 0) {
            parts.add(plural(store.lists(), "list call"));
        }
        return String.join(", ", parts);
    }

    /** "about 41 min at AWS Secrets Manager's 50 writes/s", or why no time can be given. */
    static String time(Estimate.StoreCalls store) {
        if (store.pace() == null) {
            return store.writes() + store.reads() + store.batchReads() + store.lists() == 0 ? "no calls"
                    : "not paced, so as fast as the store answers";
        }
        Estimate.Pace pace = store.pace();
        String rate = rate(pace.perSecond()) + " " + pace.calls() + "/s";
        return about(store.duration()) + (Estimate.Pace.RUNBOOK.equals(pace.by())
                ? " at the runbook's cap of " + rate : " at " + possessive(pace.by()) + " " + rate);
    }

    /** "AWS Secrets Manager's", "Kubernetes Secrets'". */
    private static String possessive(String name) {
        return name + (name.endsWith("s") ? "'" : "'s");
    }

    /**
     * @param d a duration
     * @return it for a person: "under a second", "about 20 s", "about 41 min", "about 2 h 5 min"
     */
    static String about(Duration d) {
        long seconds = Math.round(d.toMillis() / 1000.0);
        if (seconds < 1) {
            return "under a second";
        }
        if (seconds < 60) {
            return "about " + seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return "about " + minutes + " min";
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        return "about " + hours + " h" + (rest == 0 ? "" : " " + rest + " min");
    }

    private static String rate(double perSecond) {
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(perSecond);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(long n, String call) {
        return count(n) + " " + call + (n == 1 ? "" : "s");
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
