package io.ferry.migrate;

import java.util.List;

/**
 * What {@code repair} did.
 *
 * @param removedFailed how many failed rows it removed from the history, so that migrate runs them again
 * @param completed the failed runbooks whose run was resumed and finished since, now counted as applied
 * @param realigned the runbooks whose applied checksum now matches the file
 */
public record RepairResult(int removedFailed, List<String> completed, List<String> realigned) {

    /** Copies the lists. */
    public RepairResult {
        completed = List.copyOf(completed);
        realigned = List.copyOf(realigned);
    }
}
