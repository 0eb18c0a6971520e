package io.ferry.secret;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a listing returns for one secret: its key and metadata, without its value. Discovery filters
 * on summaries and reads values in batches afterwards, so a listing never holds values.
 *
 * @param key the key, relative to the provider's scope
 * @param version the provider's current version id, or null
 * @param updatedAt when the value last changed, or null
 * @param tags the tags, unmodifiable
 */
public record SecretSummary(String key, String version, Instant updatedAt, Map<String, String> tags) {

    /** Copies the tags into an unmodifiable sorted map. */
    public SecretSummary {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /**
     * @param record a full record
     * @return its summary
     */
    public static SecretSummary of(SecretRecord record) {
        return new SecretSummary(record.key(), record.version(), record.updatedAt(), record.tags());
    }

    /** Groovy property {@code it.key} in discovery filters. @return the key */
    public String getKey() {
        return key;
    }

    /** Groovy property {@code it.tags} in discovery filters. @return the tags */
    public Map<String, String> getTags() {
        return tags;
    }
}
