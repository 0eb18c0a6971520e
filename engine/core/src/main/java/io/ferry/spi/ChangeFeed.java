package io.ferry.spi;

import java.util.List;
import java.util.Objects;

/**
 * Optional capability of a {@link SecretProvider} whose store can say what changed since a point in
 * time (a Kubernetes watch, a change log), so that continuous sync reads only the changed secrets
 * instead of comparing the whole listing. A provider offers it by implementing this interface as
 * well; sync falls back to comparing versions and update times when it does not, and when a cursor
 * has expired.
 *
 * <p>A cursor is opaque text that the store gives out; the engine keeps it between passes.
 */
public interface ChangeFeed {

    /**
     * A cursor for the present: {@link #changesSince} on it returns only changes made after this
     * call. Sync takes it before a full listing, so that a change made during the listing is seen
     * again rather than lost.
     *
     * @return the cursor
     */
    String currentCursor();

    /**
     * The changes made after a cursor, oldest first. A key changed several times may appear several
     * times.
     *
     * @param cursor a cursor from {@link #currentCursor()} or a previous {@link Changes#cursor()}
     * @param limit the most changes wanted; {@link Changes#more()} says whether more follow
     * @return the changes and the cursor to continue from
     * @throws CursorExpiredException when the store no longer keeps changes that old (Kubernetes'
     *     410 Gone); the caller lists everything again and starts from a fresh cursor
     */
    Changes changesSince(String cursor, int limit);

    /**
     * One change to one secret.
     *
     * @param key the key, relative to the provider's scope
     * @param deleted whether the secret was deleted (otherwise created or updated)
     */
    record Change(String key, boolean deleted) {
        /** Checks the key. */
        public Change {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A page of changes.
     *
     * @param changes the changes, oldest first
     * @param cursor where the next call continues
     * @param more whether more changes follow at once
     */
    record Changes(List<Change> changes, String cursor, boolean more) {
        /** Copies the list. */
        public Changes {
            changes = List.copyOf(changes);
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    /** The store no longer keeps changes as old as the cursor; list everything again. */
    final class CursorExpiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message which cursor and why, in one line */
        public CursorExpiredException(String message) {
            super(message);
        }
    }
}
