package io.ferry.run;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A request to stop a long operation at the next safe point: between batches, after in-flight
 * writes have been journaled. Set from a signal handler or another thread, or asked for by a
 * condition that the operation checks at each safe point (a maintenance window that closed).
 */
public final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Cancellation outer;
    private final BooleanSupplier condition;

    /** A token that is cancelled only by {@link #cancel()}. */
    public Cancellation() {
        this(null, () -> false);
    }

    private Cancellation(Cancellation outer, BooleanSupplier condition) {
        this.outer = outer;
        this.condition = condition;
    }

    /**
     * @param condition checked at each safe point; true asks the operation to stop there
     * @return a token that is requested when this one is, or when the condition holds
     */
    public Cancellation orWhen(BooleanSupplier condition) {
        return new Cancellation(this, condition);
    }

    /** Asks the operation to stop. */
    public void cancel() {
        requested.set(true);
    }

    /** @return whether a stop was asked for */
    public boolean requested() {
        return requested.get() || outer != null && outer.requested() || condition.getAsBoolean();
    }
}
