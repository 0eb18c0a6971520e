package io.ferry.migrate;

import java.util.List;

/**
 * What {@code repair} did.
 *
 * @param removedFailed how many failed rows it removed from the history
 * @param realigned the runbooks whose applied checksum now matches the file
 */
public record RepairResult(int removedFailed, List<String> realigned) {

    /** Copies the list. */
    public RepairResult {
        realigned = List.copyOf(realigned);
    }
}
