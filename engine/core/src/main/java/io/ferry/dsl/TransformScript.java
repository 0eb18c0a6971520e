package io.ferry.dsl;

import groovy.lang.Script;
import io.ferry.transform.TransformContext;

/**
 * The base class of a transform script ({@code transforms/NAME.groovy} next to a runbook). The script
 * sees {@code rec}, a {@link io.ferry.transform.RecordDraft} of the record, and {@code params}, the
 * arguments the runbook gave; {@code flag}, {@code skip} and {@code log} are the methods below. Public
 * so that Groovy can compile scripts against it, not to be called from Java.
 */
public abstract class TransformScript extends Script {

    private TransformContext context;
    private boolean skipped;

    void use(TransformContext context) {
        this.context = context;
    }

    boolean skipped() {
        return skipped;
    }

    /** @param reason why the record needs review, never containing a value */
    public void flag(String reason) {
        context.flag(reason);
    }

    /** @param reason why the record is left out, never containing a value */
    public void skip(String reason) {
        skipped = true;
        context.skip(reason);
    }

    /** @param message a line for the run's log, never containing a value */
    public void log(String message) {
        context.log(message);
    }
}
