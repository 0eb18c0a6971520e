package io.ferry.monitor;

import io.ferry.state.PhaseJournal;
import java.util.List;

/** Hears each shadow-read comparison, to print or export it. Called on the monitor's thread. */
public interface MonitorListener {

    /** A listener that ignores everything. */
    MonitorListener NONE = (check, differing) -> { };

    /**
     * @param check the comparison
     * @param differing up to 20 target keys that differ, never a value
     */
    void checked(PhaseJournal.Check check, List<String> differing);
}
