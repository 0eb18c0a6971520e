package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A run's items, read from the journal a page at a time so that a run of a million records is shown
 * in the memory of one page, optionally narrowed to some statuses and to flagged items.
 */
final class RunItems {

    private static final int PAGE = 500;
    private static final String FLAGGED = "flagged";

    private final Ferry ferry;
    private final String runId;
    private final Set<ItemStatus> statuses;
    private final boolean flagged;
    private final Set<Action> actions;

    private RunItems(Ferry ferry, String runId, Set<ItemStatus> statuses, boolean flagged, Set<Action> actions) {
        this.ferry = ferry;
        this.runId = runId;
        this.statuses = statuses;
        this.flagged = flagged;
        this.actions = actions;
    }

    /**
     * @param ferry the engine
     * @param runId the run's full id
     * @return every item of the run
     */
    static RunItems all(Ferry ferry, String runId) {
        return new RunItems(ferry, runId, EnumSet.noneOf(ItemStatus.class), false, EnumSet.noneOf(Action.class));
    }

    /**
     * @param ferry the engine
     * @param runId the run's full id
     * @return the conflicts and invalid records that block the run's plan
     */
    static RunItems blocking(Ferry ferry, String runId) {
        return new RunItems(ferry, runId, EnumSet.noneOf(ItemStatus.class), false,
                EnumSet.of(Action.CONFLICT, Action.INVALID));
    }

    /**
     * @param ferry the engine
     * @param runId the run's full id
     * @param words item statuses ({@code failed}, {@code done}, ...) and {@code flagged}; empty for all
     * @return the items having any of them
     * @throws IllegalArgumentException for a word that is neither, listing the valid ones
     */
    static RunItems having(Ferry ferry, String runId, List<String> words) {
        Set<ItemStatus> statuses = EnumSet.noneOf(ItemStatus.class);
        boolean flagged = false;
        for (String word : words) {
            String w = word.strip().toLowerCase(Locale.ROOT);
            if (w.equals(FLAGGED)) {
                flagged = true;
                continue;
            }
            try {
                statuses.add(ItemStatus.valueOf(w.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--status '" + word + "' is not one of " + validWords());
            }
        }
        return new RunItems(ferry, runId, statuses, flagged, EnumSet.noneOf(Action.class));
    }

    private static String validWords() {
        List<String> words = new ArrayList<>();
        for (ItemStatus s : ItemStatus.values()) {
            words.add(s.name().toLowerCase(Locale.ROOT));
        }
        words.add(FLAGGED);
        return String.join(", ", words);
    }

    /** @return whether every item is wanted */
    boolean unfiltered() {
        return statuses.isEmpty() && !flagged && actions.isEmpty();
    }

    /** @return the actions asked for, empty for any */
    Set<Action> actions() {
        return actions;
    }

    /** @return the statuses asked for, empty for any */
    Set<ItemStatus> statuses() {
        return statuses;
    }

    /** @return whether flagged items are asked for, which no status count can tell in advance */
    boolean flagged() {
        return flagged;
    }

    /**
     * Hands the wanted items to {@code each}, in plan order, until it returns false.
     *
     * @param each takes one item; returns whether to go on
     */
    void forEach(Predicate<JournalItem> each) {
        // Flagged items can have any status, so asking for them means reading all and filtering here.
        List<ItemStatus> query = statuses.isEmpty() || flagged ? null : List.copyOf(statuses);
        long after = 0;
        while (true) {
            List<JournalItem> page = ferry.items(runId, query, after, PAGE);
            for (JournalItem item : page) {
                if (wanted(item) && !each.test(item)) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    private boolean wanted(JournalItem item) {
        if (!actions.isEmpty()) {
            return actions.contains(item.action());
        }
        return unfiltered() || statuses.contains(item.status()) || flagged && item.flagged();
    }
}
