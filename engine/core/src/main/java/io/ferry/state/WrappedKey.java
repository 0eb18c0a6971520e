package io.ferry.state;

/**
 * A data key as stored beside what it seals (a run, a retry queue): wrapped under the journal key.
 *
 * @param keyId the id of the journal key that wrapped it
 * @param wrapped the wrapped data key
 */
record WrappedKey(String keyId, byte[] wrapped) {
}
