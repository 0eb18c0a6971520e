package io.ferry.provider.azure;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Ownership;
import io.ferry.spi.ProviderException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Maps between {@link SecretRecord} and Key Vault's secret shape.
 *
 * <ul>
 *   <li>Value: Key Vault keeps strings. A value that is well-formed UTF-8 is stored as that text, its
 *       content type as given. Any other value is stored base64-encoded, and its content type records
 *       it: {@code CONTENT_TYPE; ferry-encoding=base64}, or the parameter alone when the record has no
 *       content type; reading strips the parameter and decodes the bytes, so the content type reads
 *       back as written, none included.</li>
 *   <li>Tags: as they are, except {@value #WRITE_TOKEN_TAG}, which holds the idempotency token of the
 *       write that made the version and is never shown as a tag. A record whose tags, with the token
 *       and the engine's ownership mark, would exceed Key Vault's 15 keeps the token and the mark as
 *       content-type parameters instead ({@code ferry-write-token=T; ferry-managed-by=ferry}), which
 *       reading strips and gives back as they were.</li>
 *   <li>{@code expiresAt} is {@code exp} (to the second); attributes {@code enabled} and
 *       {@code notBefore} ({@code nbf}, ISO-8601) are written and read; {@code recoveryLevel},
 *       {@code recoverableDays}, {@code managed} and {@code keyId} are read only.</li>
 *   <li>Version is the 32-hex version id; {@code createdAt} and {@code updatedAt} are the version's
 *       {@code created} and {@code updated} times (Key Vault keeps no time for the secret as a whole).</li>
 * </ul>
 */
final class SecretMapping {

    /** The tag holding the idempotency token of the write that made a version. */
    static final String WRITE_TOKEN_TAG = "ferry-write-token";
    /** The content-type parameter that marks a base64-encoded binary value. */
    static final String BASE64_PARAMETER = "ferry-encoding=base64";
    /** The content-type parameter holding the write token where the tags are full. */
    static final String TOKEN_PARAMETER = WRITE_TOKEN_TAG + "=";
    /** The content-type parameter holding the ownership mark where the tags are full. */
    static final String MARK_PARAMETER = Ownership.TAG + "=" + Ownership.VALUE;
    /** The most tags Key Vault keeps on a secret. */
    static final int MAX_TAGS = 15;

    static final String ENABLED = SecretRecord.ENABLED;
    static final String NOT_BEFORE = "notBefore";
    static final String RECOVERY_LEVEL = "recoveryLevel";
    static final String RECOVERABLE_DAYS = "recoverableDays";
    static final String MANAGED = "managed";
    static final String KEY_ID = "keyId";

    private SecretMapping() {
    }

    /**
     * A value and content type as Key Vault stores them.
     *
     * @param value the string stored
     * @param contentType the content type stored, or null
     */
    record Stored(String value, String contentType) {

        @Override
        public String toString() {
            return "Stored[contentType=" + contentType + "]";
        }
    }

    /**
     * @param record a record to write
     * @return its value and content type as Key Vault will hold them
     */
    static Stored store(SecretRecord record) {
        return store(record, false, null);
    }

    /**
     * @param record a record to write
     * @param bookkeeping whether the write token and the ownership mark go into the content type
     * @param token the write's idempotency token, or null
     * @return its value and content type as Key Vault will hold them
     */
    private static Stored store(SecretRecord record, boolean bookkeeping, String token) {
        SecretValue value = record.value();
        List<String> parts = new ArrayList<>();
        if (record.contentType() != null) {
            parts.add(record.contentType());
        }
        String stored;
        if (value.isUtf8()) {
            stored = value.text();
        } else {
            stored = Base64.getEncoder().encodeToString(value.bytes());
            parts.add(BASE64_PARAMETER);
        }
        if (bookkeeping) {
            if (token != null) {
                parts.add(TOKEN_PARAMETER + token);
            }
            if (Ownership.isOwned(record)) {
                parts.add(MARK_PARAMETER);
            }
        }
        return new Stored(stored, parts.isEmpty() ? null : String.join("; ", parts));
    }

    /**
     * @param record a record to write
     * @param token the write's idempotency token, or null
     * @return whether its tags, the token's and the mark's included, exceed what Key Vault keeps, so
     *     that the token and the mark go into the content type
     */
    static boolean tagsFull(SecretRecord record, String token) {
        return record.tags().size() + (token != null ? 1 : 0) > MAX_TAGS;
    }

    /**
     * @param record a record to write
     * @param token the write's idempotency token, or null
     * @return the content type it is stored with
     */
    static String storedContentType(SecretRecord record, String token) {
        return store(record, tagsFull(record, token), token).contentType();
    }

    /**
     * @param name the secret's name
     * @param record the record to write
     * @param token the write's idempotency token, or null
     * @return the secret to set
     */
    static KeyVaultSecret toSecret(String name, SecretRecord record, String token) {
        boolean full = tagsFull(record, token);
        Stored stored = store(record, full, token);
        Map<String, String> tags = new TreeMap<>(record.tags());
        if (full) {
            tags.remove(Ownership.TAG);
        } else if (token != null) {
            tags.put(WRITE_TOKEN_TAG, token);
        }
        SecretProperties properties = new SecretProperties()
                .setContentType(stored.contentType())
                .setTags(tags)
                .setExpiresOn(time(record.expiresAt()));
        String enabled = record.attributes().get(ENABLED);
        if (enabled != null) {
            properties.setEnabled(Boolean.parseBoolean(enabled));
        }
        String notBefore = record.attributes().get(NOT_BEFORE);
        if (notBefore != null) {
            properties.setNotBefore(time(instant(notBefore, record.key())));
        }
        return new KeyVaultSecret(name, stored.value()).setProperties(properties);
    }

    /**
     * @param key the record's key (the name without the provider's prefix)
     * @param secret the secret as read
     * @return the record
     */
    static SecretRecord toRecord(String key, KeyVaultSecret secret) {
        SecretProperties p = secret.getProperties();
        String stored = p.getContentType();
        boolean base64 = isBase64(stored);
        String text = secret.getValue() == null ? "" : secret.getValue();
        SecretValue value = base64 ? decode(key, text) : SecretValue.ofText(text);
        return SecretRecord.builder(key)
                .value(value)
                .contentType(contentType(stored))
                .tags(tags(p))
                .attributes(attributes(p))
                .version(p.getVersion())
                .createdAt(instant(p.getCreatedOn()))
                .updatedAt(instant(p.getUpdatedOn()))
                .expiresAt(instant(p.getExpiresOn()))
                .build();
    }

    /**
     * @param key the record's key
     * @param p a disabled version's properties, as the version listing gives them
     * @return its metadata as a record with an empty value, since Key Vault will not give the value
     */
    static SecretRecord toDisabledRecord(String key, SecretProperties p) {
        return SecretRecord.builder(key)
                .contentType(contentType(p.getContentType()))
                .tags(tags(p))
                .attributes(attributes(p))
                .version(p.getVersion())
                .createdAt(instant(p.getCreatedOn()))
                .updatedAt(instant(p.getUpdatedOn()))
                .expiresAt(instant(p.getExpiresOn()))
                .build();
    }

    private static SecretValue decode(String key, String text) {
        try {
            return SecretValue.ofOwnedBytes(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, key, "'" + key + "' has the content type of a "
                    + "base64-encoded binary value (" + BASE64_PARAMETER + ") but its value is not base64; it was not "
                    + "written by Ferry: set its content type without that parameter");
        }
    }

    /**
     * @param current the secret as it is now
     * @param record the record about to be written
     * @param token the write's idempotency token
     * @return whether the current version is that write's, already done
     */
    static boolean sameWrite(KeyVaultSecret current, SecretRecord record, String token) {
        SecretProperties p = current.getProperties();
        Map<String, String> tags = p.getTags() == null ? Map.of() : p.getTags();
        KeyVaultSecret wanted = toSecret(current.getName(), record, token);
        return Objects.equals(wanted.getValue(), current.getValue())
                && Objects.equals(wanted.getProperties().getContentType(), p.getContentType())
                && new TreeMap<>(tags).equals(wanted.getProperties().getTags())
                && Objects.equals(seconds(record.expiresAt()), seconds(instant(p.getExpiresOn())));
    }

    /**
     * @param current a disabled version's properties, whose value Key Vault will not give
     * @param record the record about to be written, with the same token
     * @return whether the version holds the record's content type, tags and expiry, as the token's
     *     write made them
     */
    static boolean sameMetadata(SecretProperties current, SecretRecord record) {
        return Objects.equals(contentType(current.getContentType()), record.contentType())
                && tags(current).equals(record.tags())
                && Objects.equals(seconds(record.expiresAt()), seconds(instant(current.getExpiresOn())));
    }

    /**
     * @param properties a secret's properties
     * @return the idempotency token of the write that made the version, from its tag or, where the
     *     tags were full, its content type; null when it has none
     */
    static String writeToken(SecretProperties properties) {
        String tagged = properties.getTags() == null ? null : properties.getTags().get(WRITE_TOKEN_TAG);
        if (tagged != null) {
            return tagged;
        }
        return parameters(properties.getContentType()).stream().filter(part -> part.startsWith(TOKEN_PARAMETER))
                .map(part -> part.substring(TOKEN_PARAMETER.length())).findFirst().orElse(null);
    }

    /**
     * @param properties a secret's properties, from a read or a listing
     * @return the record's tags: all but the write token, with the ownership mark where the content
     *     type keeps it
     */
    static Map<String, String> tags(SecretProperties properties) {
        Map<String, String> shown = tags(properties.getTags());
        if (parameters(properties.getContentType()).contains(MARK_PARAMETER)) {
            shown.put(Ownership.TAG, Ownership.VALUE);
        }
        return shown;
    }

    /**
     * @param tags the tags as Key Vault holds them, or null
     * @return the record's tags: all but the write token
     */
    static Map<String, String> tags(Map<String, String> tags) {
        Map<String, String> shown = new TreeMap<>();
        if (tags != null) {
            tags.forEach((k, v) -> {
                if (!WRITE_TOKEN_TAG.equals(k)) {
                    shown.put(k, v == null ? "" : v);
                }
            });
        }
        return shown;
    }

    private static Map<String, String> attributes(SecretProperties p) {
        Map<String, String> attributes = new TreeMap<>();
        if (p.isEnabled() != null) {
            attributes.put(ENABLED, p.isEnabled().toString());
        }
        if (p.getNotBefore() != null) {
            attributes.put(NOT_BEFORE, p.getNotBefore().toInstant().toString());
        }
        if (p.getRecoveryLevel() != null) {
            attributes.put(RECOVERY_LEVEL, p.getRecoveryLevel());
        }
        if (p.getRecoverableDays() != null) {
            attributes.put(RECOVERABLE_DAYS, p.getRecoverableDays().toString());
        }
        if (Boolean.TRUE.equals(p.isManaged())) {
            attributes.put(MANAGED, "true");
        }
        if (p.getKeyId() != null) {
            attributes.put(KEY_ID, p.getKeyId());
        }
        return attributes;
    }

    /**
     * @param stored a content type as Key Vault holds it, or null
     * @return whether it marks a base64-encoded value
     */
    static boolean isBase64(String stored) {
        return parameters(stored).contains(BASE64_PARAMETER);
    }

    /** @return the parts of a stored content type that are Ferry's own parameters (all but a token lower-cased) */
    private static List<String> parameters(String stored) {
        List<String> own = new ArrayList<>();
        if (stored != null) {
            for (String part : stored.split(";")) {
                String trimmed = part.trim();
                if (isOwn(trimmed)) {
                    own.add(trimmed.startsWith(TOKEN_PARAMETER) ? trimmed : trimmed.toLowerCase(Locale.ROOT));
                }
            }
        }
        return own;
    }

    private static boolean isOwn(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        return lower.equals(BASE64_PARAMETER) || lower.equals(MARK_PARAMETER) || part.startsWith(TOKEN_PARAMETER);
    }

    /**
     * @param stored a content type as Key Vault holds it, or null
     * @return the record's content type: the stored one without Ferry's parameters, null when nothing
     *     else is left
     */
    private static String contentType(String stored) {
        if (stored == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        boolean own = false;
        for (String part : stored.split(";")) {
            if (isOwn(part.trim())) {
                own = true;
            } else if (!part.isBlank()) {
                kept.add(part.trim());
            }
        }
        return !own ? stored : kept.isEmpty() ? null : String.join("; ", kept);
    }

    private static Instant instant(String text, String key) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, key, "attribute notBefore of '" + key
                    + "' is not an ISO-8601 instant such as 2030-01-01T00:00:00Z", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
