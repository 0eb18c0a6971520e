package io.ferry.runbook;

import java.util.List;
import java.util.Objects;

/**
 * Steps run for each item of a list found when the run starts, such as the projects whose database
 * credentials are missing. The items are found once per run and journaled (encrypted), so a resumed
 * run or an undo works on the same items even when finding them again would give others. Items must
 * therefore be plain data: strings, numbers, booleans, and lists and maps of them.
 *
 * @param name what the items are, for example {@code projects}
 * @param items finds the items
 * @param key the key of an item in the journal and the report, unique among the items
 * @param batchSize items per batch; a failure undoes the failing batch only, earlier batches stay
 *     done; 0 makes the whole procedure one batch
 * @param steps the steps of one item
 */
public record ForEach(String name, Items items, ItemKey key, int batchSize, StepTemplate steps) implements ProcedureElement {

    /** Checks the arguments. */
    public ForEach {
        Objects.requireNonNull(items, "forEach needs its items");
        Objects.requireNonNull(key, "forEach needs a key for its items");
        Objects.requireNonNull(steps, "forEach needs its steps");
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize " + batchSize + " is negative; give 0 (one batch) or more");
        }
        name = name == null || name.isBlank() ? "items" : name;
    }

    /** Finds the items. */
    @FunctionalInterface
    public interface Items {
        /**
         * @param context the run's directory and stores; it has no item, and its variables are those of
         *     the procedure's own steps
         * @return the items, plain data only
         * @throws Exception when they cannot be found; the run stops before any step
         */
        Iterable<?> find(StepContext context) throws Exception;
    }

    /** Names an item. */
    @FunctionalInterface
    public interface ItemKey {
        /**
         * @param item an item
         * @return its key, unique among the items
         */
        String of(Object item);
    }

    /** Gives the steps of one item. */
    @FunctionalInterface
    public interface StepTemplate {
        /**
         * @param item an item
         * @return its steps, in order
         * @throws Exception when the steps cannot be declared for it
         */
        List<Step> stepsFor(Object item) throws Exception;
    }
}
