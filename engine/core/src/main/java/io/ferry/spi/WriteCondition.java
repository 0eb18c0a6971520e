package io.ferry.spi;

import java.util.Objects;

/**
 * When a write may happen: always, only if the key is new, or only if the key's current version is
 * the one the planner saw (so that nothing written by someone else in between is overwritten).
 *
 * @param mode the kind of condition
 * @param version the expected current version, for {@link Mode#IF_VERSION} only
 */
public record WriteCondition(Mode mode, String version) {

    /** The kinds of condition. */
    public enum Mode {
        /** Write whether or not the key exists. */
        UPSERT,
        /** Write only if the key does not exist. */
        CREATE_ONLY,
        /** Write only if the key exists at the given version. */
        IF_VERSION
    }

    /** Checks that a version is given exactly for {@link Mode#IF_VERSION}. */
    public WriteCondition {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.IF_VERSION) != (version != null)) {
            throw new IllegalArgumentException("a version goes with IF_VERSION and only with it");
        }
    }

    /** @return an unconditional write */
    public static WriteCondition upsert() {
        return new WriteCondition(Mode.UPSERT, null);
    }

    /** @return a write that fails when the key exists */
    public static WriteCondition createOnly() {
        return new WriteCondition(Mode.CREATE_ONLY, null);
    }

    /**
     * @param version the version the key must be at
     * @return a write that fails when the key is at another version or missing
     */
    public static WriteCondition ifVersion(String version) {
        return new WriteCondition(Mode.IF_VERSION, Objects.requireNonNull(version, "version"));
    }

    /**
     * Checks this condition against the version a key is at, as every store that checks conditions
     * itself does (one that has no conditional write of its own, or keeps its data in process).
     *
     * @param key the key written
     * @param current the key's current version, or null when it does not exist
     * @param where the store, for messages ("local:secrets.db")
     * @throws ProviderException of kind {@link ProviderException.Kind#EXISTS} when a create-only write
     *     finds the key, {@link ProviderException.Kind#CONFLICT} when an if-version write finds it
     *     missing or at another version
     */
    public void requireMet(String key, String current, String where) {
        switch (mode) {
            case UPSERT -> { }
            case CREATE_ONLY -> {
                if (current != null) {
                    throw new ProviderException(ProviderException.Kind.EXISTS, key, "'" + key + "' already exists in "
                            + where + " (version " + current + "); plan an update instead of a create");
                }
            }
            case IF_VERSION -> {
                if (current == null) {
                    throw new ProviderException(ProviderException.Kind.CONFLICT, key, "'" + key + "' does not exist in "
                            + where + ", expected version " + version + "; it was deleted since planning: plan again");
                }
                if (!current.equals(version)) {
                    throw new ProviderException(ProviderException.Kind.CONFLICT, key, "'" + key + "' is at version "
                            + current + " in " + where + ", not " + version + "; it changed since planning: plan again");
                }
            }
        }
    }
}
