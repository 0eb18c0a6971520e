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
}
