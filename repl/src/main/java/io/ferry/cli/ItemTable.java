package io.ferry.cli;

import io.ferry.plan.PlanSummary;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a run's items as a plan a person can review: one line per item with its action, key and
 * why, then the totals. Shows whether a value changed and how metadata changes, never a value.
 */
final class ItemTable {

    /** Item lines printed unless {@code --all} is given; the totals always cover everything. */
    static final int DEFAULT_LIMIT = 200;

    private final PrintWriter out;
    private final boolean withStatus;

    /**
     * @param out where to print
     * @param withStatus whether to show each item's status, for runs that have executed
     */
    ItemTable(PrintWriter out, boolean withStatus) {
        this.out = out;
        this.withStatus = withStatus;
    }

    /**
     * Prints the wanted items, at most {@code limit} of them.
     *
     * @param items the items
     * @param limit the most lines to print; 0 or less for no limit
     * @param expected how many items the filter matches, or -1 when that is not known in advance
     * @return how many were printed
     */
    long print(RunItems items, int limit, long expected) {
        long[] printed = {0};
        boolean[] more = {false};
        items.forEach(item -> {
            if (limit > 0 && printed[0] == limit) {
                more[0] = true;
                return false;
            }
            line(item);
            printed[0]++;
            return true;
        });
        if (more[0]) {
            out.println(expected >= 0
                    ? "  ... " + (expected - printed[0]) + " more; show them all with --all"
                    : "  ... more; show them all with --all");
        }
        return printed[0];
    }

    private void line(JournalItem item) {
        StringBuilder line = new StringBuilder("  ").append(symbol(item.action())).append(' ')
                .append(pad(item.action().name().toLowerCase(Locale.ROOT), 9));
        if (withStatus) {
            line.append(' ').append(pad(item.status().name().toLowerCase(Locale.ROOT), 15));
        }
        line.append(' ').append(keys(item));
        String detail = detail(item);
        if (!detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        out.println(line);
        if (item.flagged()) {
            out.println("      flagged: " + String.join("; ", item.flags()));
        }
        if (item.error() != null) {
            out.println("      error" + (item.attempts() > 1 ? " after " + item.attempts() + " attempts" : "") + ": "
                    + item.error());
        }
    }

    private static char symbol(Action action) {
        return switch (action) {
            case CREATE -> '+';
            case UPDATE -> '~';
            case UNCHANGED -> '=';
            case SKIP -> '-';
            case CONFLICT -> '!';
            case INVALID -> 'x';
            case DELETE -> '#';
        };
    }

    private static String keys(JournalItem item) {
        return item.sourceKey().equals(item.targetKey()) ? item.targetKey() : item.sourceKey() + " -> " + item.targetKey();
    }

    /** What a reviewer needs to judge the item: for an update, whether the value changes and what metadata does. */
    private static String detail(JournalItem item) {
        return switch (item.action()) {
            case CREATE -> "(" + item.reason() + ")";
            case UPDATE -> {
                List<String> parts = new ArrayList<>();
                parts.add("value changed: " + (Boolean.TRUE.equals(item.valueChanged()) ? "yes" : "no"));
                parts.addAll(item.changes());
                yield String.join("; ", parts);
            }
            case UNCHANGED -> "";
            case SKIP, CONFLICT, INVALID -> item.reason() == null ? "" : item.reason();
            case DELETE -> "(" + item.reason() + ")";
        };
    }

    /**
     * @param plan the plan's counts
     * @return the totals as one sentence
     */
    static String totals(PlanSummary plan) {
        return plan.count(Action.CREATE) + " to create, " + plan.count(Action.UPDATE) + " to update, "
                + plan.count(Action.UNCHANGED) + " unchanged, " + plan.count(Action.SKIP) + " skipped, "
                + plan.count(Action.CONFLICT) + " conflicts, " + plan.count(Action.INVALID) + " invalid"
                + (plan.count(Action.DELETE) > 0 ? ", " + plan.count(Action.DELETE) + " to delete" : "")
                + (plan.flagged() > 0 ? "; " + plan.flagged() + " flagged for review" : "");
    }

    /**
     * @param items the filter in use
     * @param plan the plan's counts
     * @param statuses the items by status
     * @return how many items the filter matches, or -1 when only reading them all would tell
     */
    static long expected(RunItems items, PlanSummary plan, Map<ItemStatus, Long> statuses) {
        if (items.unfiltered()) {
            return plan.total();
        }
        if (!items.actions().isEmpty()) {
            return items.actions().stream().mapToLong(plan::count).sum();
        }
        if (items.flagged()) {
            return -1;
        }
        return items.statuses().stream().mapToLong(s -> statuses.getOrDefault(s, 0L)).sum();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
