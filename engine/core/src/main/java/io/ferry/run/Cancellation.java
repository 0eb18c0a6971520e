package io.ferry.run;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop a long operation at the next safe point: between batches, after in-flight
 * writes have been journaled. Set from a signal handler or another thread.
 */
public final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();

    /** Asks the operation to stop. */
    public void cancel() {
        requested.set(true);
    }

    /** @return whether a stop was asked for */
    public boolean requested() {
        return requested.get();
    }
}
