package io.ferry.state;

import java.time.Instant;

/**
 * One row of the history of versioned runbooks, as Flyway keeps its schema history.
 *
 * @param installedRank the order it was recorded in, from 1
 * @param version its version, or null for a repeatable runbook
 * @param description its description, from the file name
 * @param type {@code VERSIONED}, {@code REPEATABLE} or {@code BASELINE}
 * @param script the file name
 * @param checksum the file's checksum when it ran, or null for a baseline
 * @param installedBy who ran it
 * @param installedOn when it finished
 * @param executionTimeMillis how long it took
 * @param success whether it succeeded
 * @param runId the run that carried it out, or null for a baseline or a runbook that failed before its run began
 */
public record AppliedRunbook(int installedRank, String version, String description, String type, String script,
                             String checksum, String installedBy, Instant installedOn, long executionTimeMillis,
                             boolean success, String runId) {
}
