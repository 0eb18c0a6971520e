package io.ferry.sync;

/** Hears a continuous sync's passes, to print or export them. Called on the sync's thread. */
public interface SyncListener {

    /** A listener that ignores everything. */
    SyncListener NONE = new SyncListener() {
    };

    /** @param pass a pass that ended */
    default void passed(SyncPass pass) {
    }

    /** The sync is paused; no pass starts until it is resumed. Said once per pause. */
    default void paused() {
    }
}
