package io.ferry.run;

import java.util.List;

/** Hears how far a stage has got, to show a progress bar or periodic lines. Called from one thread. */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * @param stage the stage that starts
     * @param total how many records it will handle, or -1 when not known yet
     */
    default void started(String stage, long total) {
    }

    /**
     * @param stage the stage
     * @param done records handled so far
     * @param total how many in all, or -1 when not known
     */
    default void progress(String stage, long done, long total) {
    }

    /**
     * @param stage the stage that ended
     * @param done records handled
     */
    default void finished(String stage, long done) {
    }

    /**
     * How the run's paced stores are paced now; heard just before the stage event it was read for,
     * when a stage starts and ends and at most a few times a second in between.
     *
     * @param stores one per open store whose calls are paced; empty when none is
     */
    default void paced(List<StorePace> stores) {
    }
}
