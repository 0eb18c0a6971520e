package io.ferry.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure reported by a store, classified so that the engine can decide what to do: retry
 * (throttled, unavailable), plan around it (exists, conflict, not found), or stop and tell the user
 * (denied, invalid).
 *
 * <p>Messages name the provider, the key and the fix. They never contain a secret value.
 */
public class ProviderException extends RuntimeException implements ValueFreeMessage {

    /** What went wrong, independent of the store. */
    public enum Kind {
        /** The key does not exist. */
        NOT_FOUND(false),
        /** A create-only write found the key. */
        EXISTS(false),
        /** The key is at another version than expected, or is being changed. */
        CONFLICT(false),
        /** The store's quota was exceeded; wait and retry. */
        THROTTLED(true),
        /** The credentials do not allow this operation. */
        DENIED(false),
        /** The store rejected the request (name, size, tags, format). */
        INVALID(false),
        /** The store could not be reached or failed; a retry may succeed. */
        UNAVAILABLE(true);

        private final boolean retryableByDefault;

        Kind(boolean retryableByDefault) {
            this.retryableByDefault = retryableByDefault;
        }

        /** @return whether a failure of this kind is worth retrying unless said otherwise */
        public boolean retryableByDefault() {
            return retryableByDefault;
        }
    }

    private final Kind kind;
    private final String key;
    private final boolean retryable;
    private final Duration retryAfter;

    /**
     * @param kind what went wrong
     * @param key the key concerned, or null
     * @param message what happened and the fix; never a value
     */
    public ProviderException(Kind kind, String key, String message) {
        this(kind, key, message, kind.retryableByDefault(), null, null);
    }

    /**
     * @param kind what went wrong
     * @param key the key concerned, or null
     * @param message what happened and the fix; never a value
     * @param cause the native error, whose message must not contain a value either
     */
    public ProviderException(Kind kind, String key, String message, Throwable cause) {
        this(kind, key, message, kind.retryableByDefault(), null, cause);
    }

    /**
     * @param kind what went wrong
     * @param key the key concerned, or null
     * @param message what happened and the fix; never a value
     * @param retryable whether a retry may succeed
     * @param retryAfter how long the store asked to wait, or null
     * @param cause the native error, or null
     */
    public ProviderException(Kind kind, String key, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = key;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the key concerned, or null */
    public String key() {
        return key;
    }

    /** @return whether a retry may succeed */
    public boolean retryable() {
        return retryable;
    }

    /** @return how long the store asked to wait before retrying, or null */
    public Duration retryAfter() {
        return retryAfter;
    }
}
