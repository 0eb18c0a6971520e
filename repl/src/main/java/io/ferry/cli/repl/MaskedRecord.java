package io.ferry.cli.repl;

import io.ferry.secret.SecretRecord;
import java.time.Instant;
import java.util.Map;

/**
 * A record as the shell hands it out, from {@code get(key)}: its key and metadata as they are,
 * its value ({@code rec.value}, {@code rec.json}) as a {@link Masked}. It prints as the record
 * does, with the value masked. {@code reveal(rec)} prints the value, and {@code put(key, rec)}
 * writes it.
 */
public final class MaskedRecord {

    private final SecretRecord record;

    MaskedRecord(SecretRecord record) {
        this.record = record;
    }

    SecretRecord record() {
        return record;
    }

    /** @return the key */
    public String key() {
        return record.key();
    }

    /** @return the value, masked */
    public Masked value() {
        return (Masked) Masked.of(record.value());
    }

    /** @return the value's fields when it is a JSON object, masked; else null */
    public Masked json() {
        Map<String, Object> json = record.getJson();
        return json == null ? null : (Masked) Masked.of(json);
    }

    /** @return the content type, or null */
    public String contentType() {
        return record.contentType();
    }

    /** @return the tags, sorted by name */
    public Map<String, String> tags() {
        return record.tags();
    }

    /** @return the store's attributes, sorted by name */
    public Map<String, String> attributes() {
        return record.attributes();
    }

    /** @return the store's version id of the value, or null */
    public String version() {
        return record.version();
    }

    /** @return when the secret was created, or null */
    public Instant createdAt() {
        return record.createdAt();
    }

    /** @return when the value last changed, or null */
    public Instant updatedAt() {
        return record.updatedAt();
    }

    /** @return when the secret expires, or null */
    public Instant expiresAt() {
        return record.expiresAt();
    }

    /** Groovy's {@code rec.key}. @return {@link #key()} */
    public String getKey() {
        return key();
    }

    /** Groovy's {@code rec.value}. @return {@link #value()} */
    public Masked getValue() {
        return value();
    }

    /** Groovy's {@code rec.json}. @return {@link #json()} */
    public Masked getJson() {
        return json();
    }

    /** Groovy's {@code rec.contentType}. @return {@link #contentType()} */
    public String getContentType() {
        return contentType();
    }

    /** Groovy's {@code rec.tags}. @return {@link #tags()} */
    public Map<String, String> getTags() {
        return tags();
    }

    /** Groovy's {@code rec.attributes}. @return {@link #attributes()} */
    public Map<String, String> getAttributes() {
        return attributes();
    }

    /** Groovy's {@code rec.version}. @return {@link #version()} */
    public String getVersion() {
        return version();
    }

    /** Groovy's {@code rec.createdAt}. @return {@link #createdAt()} */
    public Instant getCreatedAt() {
        return createdAt();
    }

    /** Groovy's {@code rec.updatedAt}. @return {@link #updatedAt()} */
    public Instant getUpdatedAt() {
        return updatedAt();
    }

    /** Groovy's {@code rec.expiresAt}. @return {@link #expiresAt()} */
    public Instant getExpiresAt() {
        return expiresAt();
    }

    /** Equal to the same record, masked or not. */
    @Override
    public boolean equals(Object other) {
        return record.equals(Masked.unmask(other));
    }

    @Override
    public int hashCode() {
        return record.hashCode();
    }

    /** The record's own rendering, which shows its key and metadata and never its value. */
    @Override
    public String toString() {
        return record.toString();
    }
}
