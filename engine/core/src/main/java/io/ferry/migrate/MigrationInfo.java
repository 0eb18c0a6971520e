package io.ferry.migrate;

import java.time.Instant;

/**
 * One line of {@code ferry info}: a runbook of the directory and its latest history row, or a
 * history row whose file is gone.
 *
 * @param type versioned, repeatable or baseline
 * @param version the version, or null
 * @param description the description
 * @param script the file name
 * @param state where it stands
 * @param checksum the file's checksum now, or null when the file is gone
 * @param appliedChecksum the checksum when it ran, or null when it did not
 * @param installedOn when it ran, or null
 * @param installedBy who ran it, or null
 * @param executionTimeMillis how long it took, or 0
 * @param runId the run that carried it out, or null
 */
public record MigrationInfo(RunbookType type, String version, String description, String script, MigrationState state,
                            String checksum, String appliedChecksum, Instant installedOn, String installedBy,
                            long executionTimeMillis, String runId) {
}
