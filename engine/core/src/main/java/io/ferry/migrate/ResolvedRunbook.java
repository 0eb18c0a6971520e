package io.ferry.migrate;

import java.nio.file.Path;

/**
 * A versioned or repeatable runbook found in the directory.
 *
 * @param type {@link RunbookType#VERSIONED} or {@link RunbookType#REPEATABLE}
 * @param version its version, or null when repeatable
 * @param description the description, from the file name with underscores as spaces
 * @param script the file name
 * @param file the file
 * @param checksum its checksum, independent of line endings and byte-order marks
 */
public record ResolvedRunbook(RunbookType type, RunbookVersion version, String description, String script, Path file,
                              String checksum) {
}
