package io.ferry.strategy;

/**
 * Told when a shadow read disagrees with the primary: the key and the two keyed fingerprints, never
 * a value. Called on the reading thread; what it throws is logged and ignored, so a hook can never
 * break a read.
 */
@FunctionalInterface
public interface MismatchHook {

    /** A hook that ignores mismatches; they are still counted. */
    MismatchHook NONE = (key, primaryFingerprint, shadowFingerprint) -> { };

    /**
     * @param key the key read
     * @param primaryFingerprint the primary value's fingerprint, or null when the primary has no such secret
     * @param shadowFingerprint the shadow value's fingerprint, or null when the shadow has no such secret
     */
    void mismatch(String key, String primaryFingerprint, String shadowFingerprint);
}
