package io.ferry.runbook;

import io.ferry.spi.HealthReport;
import java.util.Map;

/**
 * What a hook sees: the run, the stage, the counts so far, a log, and the health of the run's
 * stores, so that a runbook can check them before it moves anything.
 */
public interface HookContext {

    /** @return the run's id */
    String getRunId();

    /** @return the stage the hook runs for, or null for a rollback hook */
    Stage getStage();

    /** @return counts by outcome so far (for example {@code created}, {@code failed}) */
    Map<String, Long> getCounts();

    /**
     * Checks the run's source: reachable, credentials accepted, listing allowed. A transient failure
     * (a 5xx, throttling, no answer) is asked again under the run's retry policy first. A before hook
     * that fails after a check came back unhealthy stops the run as the run's own health check does,
     * with exit code 6: the cause is the store.
     *
     * @return the report, never throwing for a failed check
     * @throws io.ferry.api.FerryException with exit code 6 when the store cannot even be opened (a
     *     local store file that is not there, no credentials to be found)
     */
    HealthReport checkSource();

    /**
     * Checks the run's target: reachable, credentials accepted, listing allowed and, with a write
     * probe, a probe secret written and deleted again, leaving the target as it was.
     *
     * @param writeProbe also prove that the target takes writes
     * @return the report, never throwing for a failed check; retried and treated as {@link #checkSource()} is
     * @throws io.ferry.api.FerryException with exit code 6 when the store cannot even be opened
     */
    HealthReport checkTarget(boolean writeProbe);

    /**
     * Writes a line to the run's log and audit trail.
     *
     * @param message the line, never containing a value
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
