package io.ferry.spi;

/**
 * What a write did.
 *
 * @param version the version id the store gave the written value
 * @param created whether the key did not exist before
 */
public record WriteResult(String version, boolean created) {
}
