package io.ferry.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One secret as the engine sees it: one provider object (an AWS secret, an Azure secret, a Vault KV
 * path, a Kubernetes Secret). Multi-field objects are one record whose value is a JSON object with
 * content type {@value #JSON}.
 *
 * <p>Immutable. Change a record with {@link #toBuilder()}. {@link #toString()} never shows the value.
 * In Groovy a record reads naturally: {@code rec.key}, {@code rec.value.text},
 * {@code rec.json.password}, {@code rec.tags.env}, {@code rec.expiresAt}.
 */
public final class SecretRecord {

    /** Content type of a value that is a JSON object of fields. */
    public static final String JSON = "application/json";
    /** Content type of a value that is plain text. */
    public static final String TEXT = "text/plain";
    /** Content type of a value that is opaque bytes. */
    public static final String BINARY = "application/octet-stream";
    /**
     * The attribute that says whether a secret is enabled: a record with {@code enabled=false} is
     * disabled, held by its store but not to be used, and a run carries it disabled or not at all.
     */
    public static final String ENABLED = "enabled";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String key;
    private final SecretValue value;
    private final String contentType;
    private final Map<String, String> tags;
    private final Map<String, String> attributes;
    private final String version;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant expiresAt;

    private SecretRecord(Builder b) {
        if (b.key == null || b.key.isEmpty()) {
            throw new IllegalArgumentException("a secret record needs a non-empty key");
        }
        this.key = b.key;
        this.value = b.value == null ? SecretValue.empty() : b.value;
        this.contentType = b.contentType;
        this.tags = Collections.unmodifiableMap(new TreeMap<>(b.tags));
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(b.attributes));
        this.version = b.version;
        this.createdAt = b.createdAt;
        this.updatedAt = b.updatedAt;
        this.expiresAt = b.expiresAt;
    }

    /**
     * @param key the record's key
     * @return a builder for a new record
     */
    public static Builder builder(String key) {
        return new Builder().key(key);
    }

    /**
     * @param key the key
     * @param text the value as text
     * @return a text record with no metadata
     */
    public static SecretRecord ofText(String key, String text) {
        return builder(key).value(SecretValue.ofText(text)).build();
    }

    /** @return a builder holding this record's fields */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.key = key;
        b.value = value;
        b.contentType = contentType;
        b.tags.putAll(tags);
        b.attributes.putAll(attributes);
        b.version = version;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.expiresAt = expiresAt;
        return b;
    }

    /** @return the key, relative to the provider's scope (its prefix) */
    public String key() {
        return key;
    }

    /** @return the value, never null */
    public SecretValue value() {
        return value;
    }

    /** @return the content type, or null when the provider records none */
    public String contentType() {
        return contentType;
    }

    /** @return the tags (labels, custom metadata), sorted by name; unmodifiable */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return provider-specific attributes (description, KMS key, enabled, type), sorted; unmodifiable */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the provider's version id of this value, or null */
    public String version() {
        return version;
    }

    /** @return when the secret was created, or null */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return when the value last changed, or null */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** @return when the secret expires, or null */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** @return whether the record is disabled: its attribute {@value #ENABLED} is {@code false} */
    public boolean isDisabled() {
        return "false".equalsIgnoreCase(attributes.get(ENABLED));
    }

    /** Groovy property {@code rec.key}. @return {@link #key()} */
    public String getKey() {
        return key;
    }

    /** Groovy property {@code rec.value}. @return {@link #value()} */
    public SecretValue getValue() {
        return value;
    }

    /** Groovy property {@code rec.contentType}. @return {@link #contentType()} */
    public String getContentType() {
        return contentType;
    }

    /** Groovy property {@code rec.tags}. @return {@link #tags()} */
    public Map<String, String> getTags() {
        return tags;
    }

    /** Groovy property {@code rec.attributes}. @return {@link #attributes()} */
    public Map<String, String> getAttributes() {
        return attributes;
    }

    /** Groovy property {@code rec.version}. @return {@link #version()} */
    public String getVersion() {
        return version;
    }

    /** Groovy property {@code rec.expiresAt}. @return {@link #expiresAt()} */
    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** Groovy property {@code rec.createdAt}. @return {@link #createdAt()} */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Groovy property {@code rec.updatedAt}. @return {@link #updatedAt()} */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /**
     * The value parsed as a JSON object, for multi-field secrets ({@code rec.json.password}).
     *
     * @return the fields in document order, or null when the value is not a JSON object
     */
    public Map<String, Object> getJson() {
        return parseJsonObject(value);
    }

    /**
     * @param value a value
     * @return its fields when it is a JSON object, or null
     */
    public static Map<String, Object> parseJsonObject(SecretValue value) {
        if (value.isEmpty()) {
            return null;
        }
        byte[] bytes = value.bytes();
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first == bytes.length || bytes[first] != '{') {
            return null;
        }
        try {
            return MAPPER.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * @param fields a map of fields
     * @return the fields serialised as a compact JSON object
     */
    public static SecretValue jsonValue(Map<String, ?> fields) {
        try {
            return SecretValue.ofOwnedBytes(MAPPER.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("these fields cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRecord r
                && key.equals(r.key)
                && value.equals(r.value)
                && Objects.equals(contentType, r.contentType)
                && tags.equals(r.tags)
                && attributes.equals(r.attributes)
                && Objects.equals(version, r.version)
                && Objects.equals(createdAt, r.createdAt)
                && Objects.equals(updatedAt, r.updatedAt)
                && Objects.equals(expiresAt, r.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, contentType, tags, version);
    }

    /** Shows the key and metadata, never the value. */
    @Override
    public String toString() {
        return "SecretRecord[key=" + key + ", value=" + value + ", contentType=" + contentType
                + ", tags=" + tags + ", version=" + version + "]";
    }

    /** Builds a {@link SecretRecord}. Not thread-safe. */
    public static final class Builder {
        private String key;
        private SecretValue value;
        private String contentType;
        private final Map<String, String> tags = new TreeMap<>();
        private final Map<String, String> attributes = new TreeMap<>();
        private String version;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant expiresAt;

        private Builder() {
        }

        /** @param key the key @return this builder */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        /** @param value the value @return this builder */
        public Builder value(SecretValue value) {
            this.value = value;
            return this;
        }

        /** @param text the value as text @return this builder */
        public Builder text(String text) {
            this.value = SecretValue.ofText(text);
            return this;
        }

        /** @param contentType the content type, or null @return this builder */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** @param tags tags replacing the current ones @return this builder */
        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            this.tags.putAll(tags);
            return this;
        }

        /** @param name tag name @param value tag value @return this builder */
        public Builder tag(String name, String value) {
            this.tags.put(name, value);
            return this;
        }

        /** @param attributes attributes replacing the current ones @return this builder */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes.clear();
            this.attributes.putAll(attributes);
            return this;
        }

        /** @param name attribute name @param value attribute value @return this builder */
        public Builder attribute(String name, String value) {
            this.attributes.put(name, value);
            return this;
        }

        /** @param version the provider's version id @return this builder */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** @param createdAt creation time @return this builder */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** @param updatedAt last change time @return this builder */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** @param expiresAt expiry time @return this builder */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** @return the record */
        public SecretRecord build() {
            return new SecretRecord(this);
        }
    }
}
