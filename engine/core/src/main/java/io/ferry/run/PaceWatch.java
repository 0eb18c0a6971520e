package io.ferry.run;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Passes progress on, reading the stores' pacing to go with it: always when a stage starts and
 * ends, and at most four times a second in between, so that a progress line can say how each store
 * is paced without asking the limiters for every batch.
 */
public final class PaceWatch implements ProgressListener {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final ProgressListener next;
    private final Supplier<List<StorePace>> stores;
    private final LongSupplier clock;
    private long lastRead;
    private boolean read;

    /**
     * @param next hears every event, with the pacing read for it
     * @param stores reads the open stores' pacing
     * @param clock nanoseconds, {@link System#nanoTime} outside tests
     */
    public PaceWatch(ProgressListener next, Supplier<List<StorePace>> stores, LongSupplier clock) {
        this.next = next;
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public void started(String stage, long total) {
        read(true);
        next.started(stage, total);
    }

    @Override
    public void progress(String stage, long done, long total) {
        read(false);
        next.progress(stage, done, total);
    }

    @Override
    public void finished(String stage, long done) {
        read(true);
        next.finished(stage, done);
    }

    @Override
    public void paced(List<StorePace> paced) {
        next.paced(paced);
    }

    private void read(boolean always) {
        long now = clock.getAsLong();
        if (always || !read || now - lastRead >= INTERVAL_NANOS) {
            lastRead = now;
            read = true;
            next.paced(stores.get());
        }
    }
}
