package io.ferry.api;

import java.util.List;

/**
 * What {@code ferry backup} did.
 *
 * @param point the restore point taken
 * @param pruned the names of the points the retention deleted
 */
public record BackupResult(RestorePoint point, List<String> pruned) {

    /** Copies the names. */
    public BackupResult {
        pruned = List.copyOf(pruned);
    }
}
