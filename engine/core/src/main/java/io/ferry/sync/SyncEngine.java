package io.ferry.sync;

import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.state.JournalItem;
import io.ferry.state.RunStatus;
import java.util.List;

/**
 * What a continuous sync needs of the engine that runs it, and no more: its stores, one copy run a
 * pass, and what that copy journaled. The engine hands one to each {@link ContinuousSync}, so that the
 * sync does not depend on the engine's public facade.
 */
public interface SyncEngine {

    /**
     * @param spec a store the sync's runbook names
     * @param mayCreate whether a store that does not exist yet may be created (the target), or
     *     must exist already (the source: a sync from nothing is a mistaken location)
     * @return the store, opened with the engine's provider context
     */
    SecretProvider open(ProviderSpec spec, boolean mayCreate);

    /**
     * Runs a copy to its end, with the journal, report and metrics of any run.
     *
     * @param runbook the sync's runbook, narrowed to the keys a pass found changed
     * @return how the copy ended
     */
    Copy copy(Runbook runbook);

    /**
     * @param runId a copy's run id
     * @param afterSeq the last sequence number already read, or 0
     * @param limit the most items to return
     * @return the copy's items after {@code afterSeq}, in sequence order
     */
    List<JournalItem> items(String runId, long afterSeq, int limit);

    /**
     * How one pass's copy ended.
     *
     * @param runId the copy's run id
     * @param status its final status
     * @param error why it stopped, or null
     */
    record Copy(String runId, RunStatus status, String error) {
    }
}
