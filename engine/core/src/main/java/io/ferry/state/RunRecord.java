package io.ferry.state;

import java.time.Instant;

/**
 * One run as the journal keeps it.
 *
 * @param id the run id
 * @param runbookName the runbook's name
 * @param runbookPath the runbook file, or null for a copy without one
 * @param runbookChecksum the runbook's checksum when the run started, or null
 * @param sourceUri the source
 * @param targetUri the target
 * @param status where it stands
 * @param stage the stage it is in or stopped in
 * @param actor who started it
 * @param startedAt when it started
 * @param updatedAt the last journal write
 * @param finishedAt when it ended, or null
 * @param optionsJson the runbook's options, for resuming a run without a file
 * @param summaryJson the latest counts and validation result
 * @param error why it stopped, or null
 * @param processId the process that runs it
 */
public record RunRecord(String id, String runbookName, String runbookPath, String runbookChecksum, String sourceUri,
                        String targetUri, RunStatus status, RunStage stage, String actor, Instant startedAt,
                        Instant updatedAt, Instant finishedAt, String optionsJson, String summaryJson, String error,
                        long processId) {
}
