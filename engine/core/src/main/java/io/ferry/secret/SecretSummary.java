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
 * @param contentType the value's content type, such as {@code application/json}, where the store's
 *     listing tells it; else null
 */
public record SecretSummary(String key, String version, Instant updatedAt, Map<String, String> tags, String contentType) {

    /** Copies the tags into an unmodifiable sorted map. */
    public SecretSummary {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /**
     * A summary from a store whose listing does not tell the content type.
     *
     * @param key the key, relative to the provider's scope
     * @param version the provider's current version id, or null
     * @param updatedAt when the value last changed, or null
     * @param tags the tags
     */
    public SecretSummary(String key, String version, Instant updatedAt, Map<String, String> tags) {
        this(key, version, updatedAt, tags, null);
    }

    /**
     * @param record a full record
     * @return its summary
     */
    public static SecretSummary of(SecretRecord record) {
        return new SecretSummary(record.key(), record.version(), record.updatedAt(), record.tags(), record.contentType());
    }

    /** Groovy property {@code it.key} in discovery filters. @return the key */
    public String getKey() {
        return key;
    }

    /** Groovy property {@code it.tags} in discovery filters. @return the tags */
    public Map<String, String> getTags() {
        return tags;
    }

    /** Groovy property {@code it.contentType}. @return the content type, or null when the store's listing does not tell it */
    public String getContentType() {
        return contentType;
    }
}
