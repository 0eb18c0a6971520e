package io.ferry.runbook;

import io.ferry.spi.SecretProvider;
import java.nio.file.Path;

/**
 * What a procedure step sees. Variables carry values from one step to the next (a generated
 * password from "generate credentials" to "create database user"); each item of a
 * {@code forEach} has its own. They are journaled encrypted under the run's data key, so a resumed
 * run and an undo see them too, and they never appear in clear in the journal, the audit trail or
 * a log.
 */
public interface StepContext {

    /** @return the run's id */
    String getRunId();

    /**
     * @return the directory the run started in, which store URIs are relative to; resolve a step's
     *     own relative files against it too, so a resume from elsewhere finds them
     */
    Path getDirectory();

    /** @return the step's name */
    String getStep();

    /** @return the item this step runs for, or null outside {@code forEach} */
    Object getItem();

    /** @return the item's key, or null outside {@code forEach} */
    String getItemKey();

    /**
     * @return whether this step was started before, by a run that was killed before it recorded the
     *     step as complete; the step may then find part of its work already done
     */
    boolean isResumed();

    /**
     * @param name a variable
     * @return its value, or null when no step set it; an item's steps see their item's variables and
     *     those of the procedure's own steps
     */
    String get(String name);

    /**
     * Sets a variable for the following steps and the undo actions of this item.
     *
     * @param name a variable
     * @param value its value, which may be secret
     */
    void put(String name, String value);

    /**
     * Opens a store by URI, relative to the run's directory; closed when the run ends.
     *
     * @param uri for example {@code local:secrets.db}
     * @return the store
     */
    SecretProvider open(String uri);

    /**
     * Opens a store by URI for reading and writing by key in the runbook's own words, with no adapter
     * types to import: {@code store('local:secrets.db').put(key, value, tags: [owner: 'team'])}.
     *
     * @param uri for example {@code local:secrets.db}
     * @return the store; closed when the run ends
     */
    default StepStore store(String uri) {
        return new StepStore(open(uri));
    }

    /**
     * Writes a line to the run's log and audit trail. Variables' values are masked in it.
     *
     * @param message the line
     */
    void log(String message);

    /**
     * Stops with a reason of the runbook's own, which Ferry shows as it is (the message of any other
     * exception thrown here is withheld, as it may quote a value): {@code fail "only $found secrets"}.
     *
     * @param reason why: keys, counts, names and the fix, never a value
     * @throws RunbookFailure always
     */
    default void fail(String reason) {
        throw new RunbookFailure(reason);
    }
}
