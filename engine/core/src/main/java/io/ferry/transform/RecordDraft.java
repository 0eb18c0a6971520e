package io.ferry.transform;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record being edited by a Groovy transform: {@code rec.key = 'svc/' + rec.key},
 * {@code rec.tags.migratedFrom = 'aws'}, {@code rec.json.password = rec.json.pass},
 * {@code rec.value = 'text'}. {@link #toRecord()} freezes it. Not thread-safe; one per record.
 */
public final class RecordDraft {

    private final SecretRecord original;
    private String key;
    private SecretValue value;
    private String contentType;
    private final Map<String, String> tags;
    private final Map<String, String> attributes;
    private Instant expiresAt;
    private Map<String, Object> json;
    private SecretValue valueWhenJsonRead;

    /**
     * @param record the record to edit
     */
    public RecordDraft(SecretRecord record) {
        this.original = Objects.requireNonNull(record, "record");
        this.key = record.key();
        this.value = record.value();
        this.contentType = record.contentType();
        this.tags = new LinkedHashMap<>(record.tags());
        this.attributes = new LinkedHashMap<>(record.attributes());
        this.expiresAt = record.expiresAt();
    }

    /** @return the key */
    public String getKey() {
        return key;
    }

    /** @param key the new key */
    public void setKey(String key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** @return the value */
    public SecretValue getValue() {
        flushJson();
        return value;
    }

    /**
     * Sets the value from a {@link SecretValue}, text, or bytes.
     *
     * @param newValue the new value
     */
    public void setValue(Object newValue) {
        json = null;
        if (newValue instanceof SecretValue v) {
            value = v;
        } else if (newValue instanceof byte[] b) {
            value = SecretValue.ofBytes(b);
        } else if (newValue instanceof CharSequence s) {
            value = SecretValue.ofOwnedBytes(s.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("a value is text, bytes or a SecretValue, not "
                    + (newValue == null ? "null" : newValue.getClass().getSimpleName()));
        }
    }

    /**
     * The value's fields, for multi-field secrets; changes to the map are written back into the value.
     *
     * @return the fields, or null when the value is not a JSON object
     */
    public Map<String, Object> getJson() {
        if (json == null) {
            json = SecretRecord.parseJsonObject(value);
            valueWhenJsonRead = value;
        }
        return json;
    }

    /** @param fields new fields, replacing the value with their JSON form */
    public void setJson(Map<String, Object> fields) {
        value = SecretRecord.jsonValue(fields);
        contentType = SecretRecord.JSON;
        json = null;
    }

    /** @return the content type */
    public String getContentType() {
        return contentType;
    }

    /** @param contentType the new content type */
    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    /** @return the tags, editable in place */
    public Map<String, String> getTags() {
        return tags;
    }

    /** @return the attributes, editable in place */
    public Map<String, String> getAttributes() {
        return attributes;
    }

    /** @return the expiry */
    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** @param expiresAt the new expiry, or null */
    public void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    /** @return the record as the source had it */
    public SecretRecord getOriginal() {
        return original;
    }

    /** @return the edited record */
    public SecretRecord toRecord() {
        flushJson();
        Map<String, String> cleanTags = new LinkedHashMap<>();
        tags.forEach((k, v) -> cleanTags.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return original.toBuilder()
                .key(key)
                .value(value)
                .contentType(contentType)
                .tags(cleanTags)
                .attributes(attributes)
                .expiresAt(expiresAt)
                .build();
    }

    private void flushJson() {
        if (json != null && valueWhenJsonRead == value) {
            SecretValue rewritten = SecretRecord.jsonValue(json);
            if (!rewritten.equals(SecretRecord.jsonValue(SecretRecord.parseJsonObject(value)))) {
                value = rewritten;
                valueWhenJsonRead = rewritten;
            }
        }
    }

    /** Shows the key, never the value. */
    @Override
    public String toString() {
        return "RecordDraft[key=" + key + ", value=" + value + "]";
    }
}
