package io.ferry.state;

import io.ferry.secret.SecretRecord;
import java.util.List;

/**
 * One item of a run: a record the plan decided on, and what became of it.
 *
 * @param seq its position in the plan
 * @param sourceKey the key in the source
 * @param targetKey the key in the target
 * @param action what the plan decided
 * @param reason why, in words
 * @param flags reasons to review it
 * @param changes the metadata differences against the target ("tag env: added"), never a value
 * @param valueChanged whether the value differs from the target's, or null when there is no target record
 * @param sourceFingerprint the source value's keyed fingerprint
 * @param desiredFingerprint the fingerprint of the value to write
 * @param desired the record to write (decrypted), or null for actions that write nothing
 * @param before the target's record before the write (decrypted), or null when there was none
 * @param status where it stands
 * @param attempts writes tried
 * @param error the last failure, or null
 * @param writtenVersion the version the write produced, or null
 */
public record JournalItem(long seq, String sourceKey, String targetKey, Action action, String reason, List<String> flags,
                          List<String> changes, Boolean valueChanged, String sourceFingerprint, String desiredFingerprint,
                          SecretRecord desired, SecretRecord before, ItemStatus status, int attempts, String error,
                          String writtenVersion) {

    /** Copies the lists. */
    public JournalItem {
        flags = List.copyOf(flags);
        changes = List.copyOf(changes);
    }

    /** @return whether this item was flagged for review */
    public boolean flagged() {
        return !flags.isEmpty();
    }

    /**
     * @param newStatus a status
     * @param newError the error, or null
     * @return this item with another status and error
     */
    public JournalItem with(ItemStatus newStatus, String newError) {
        return new JournalItem(seq, sourceKey, targetKey, action, reason, flags, changes, valueChanged, sourceFingerprint,
                desiredFingerprint, desired, before, newStatus, attempts, newError, writtenVersion);
    }
}
