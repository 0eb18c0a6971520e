package io.ferry.api;

import io.ferry.secret.SecretRecord;
import java.util.List;
import java.util.Objects;

/**
 * One record of a plan as it will be written, for checking a mapping before a run: its keys, the
 * action and why, and the record with its metadata. Its value never prints ({@link
 * io.ferry.secret.SecretValue} masks itself); the fingerprint identifies it without showing it.
 *
 * @param action what the plan does with it, lower case ({@code create}, {@code update}, ...)
 * @param sourceKey the key in the source
 * @param targetKey the key in the target
 * @param reason why, in words
 * @param flags reasons to review it
 * @param changes the metadata differences against the target, never a value
 * @param record the record to write, or null for a record the plan writes nothing of
 * @param fingerprint the keyed fingerprint of the value to write, as the run's items show it, or null
 */
public record PlannedRecord(String action, String sourceKey, String targetKey, String reason, List<String> flags,
                            List<String> changes, SecretRecord record, String fingerprint) {

    /** Copies the lists. */
    public PlannedRecord {
        Objects.requireNonNull(action, "action");
        flags = List.copyOf(flags);
        changes = List.copyOf(changes);
    }
}
