package io.ferry.provider.azure;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
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
 *       it: {@code CONTENT_TYPE; ferry-encoding=base64}, where CONTENT_TYPE is the record's or
 *       {@value SecretRecord#BINARY}; reading strips the parameter and decodes the bytes.</li>
 *   <li>Tags: as they are, except {@value #WRITE_TOKEN_TAG}, which holds the idempotency token of the
 *       write that made the version and is never shown as a tag.</li>
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

    static final String ENABLED = "enabled";
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
        SecretValue value = record.value();
        if (value.isUtf8()) {
            return new Stored(value.text(), record.contentType());
        }
        String type = record.contentType() == null ? SecretRecord.BINARY : record.contentType();
        return new Stored(Base64.getEncoder().encodeToString(value.bytes()), type + "; " + BASE64_PARAMETER);
    }

    /**
     * @param name the secret's name
     * @param record the record to write
     * @param token the write's idempotency token, or null
     * @return the secret to set
     */
    static KeyVaultSecret toSecret(String name, SecretRecord record, String token) {
        Stored stored = store(record);
        Map<String, String> tags = new TreeMap<>(record.tags());
        if (token != null) {
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
                .contentType(base64 ? contentType(stored) : stored)
                .tags(tags(p.getTags()))
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
        Stored stored = store(record);
        Map<String, String> wanted = new TreeMap<>(record.tags());
        wanted.put(WRITE_TOKEN_TAG, token);
        return Objects.equals(stored.value(), current.getValue())
                && Objects.equals(stored.contentType(), p.getContentType())
                && new TreeMap<>(tags).equals(wanted)
                && Objects.equals(seconds(record.expiresAt()), seconds(instant(p.getExpiresOn())));
    }

    /**
     * @param properties a secret's properties
     * @return the idempotency token of the write that made the version, or null
     */
    static String writeToken(SecretProperties properties) {
        return properties.getTags() == null ? null : properties.getTags().get(WRITE_TOKEN_TAG);
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
        if (stored == null) {
            return false;
        }
        for (String parameter : stored.split(";")) {
            if (parameter.trim().toLowerCase(Locale.ROOT).equals(BASE64_PARAMETER)) {
                return true;
            }
        }
        return false;
    }

    private static String contentType(String stored) {
        StringBuilder kept = new StringBuilder();
        for (String part : stored.split(";")) {
            if (!part.trim().toLowerCase(Locale.ROOT).equals(BASE64_PARAMETER)) {
                kept.append(kept.length() == 0 ? "" : "; ").append(part.trim());
            }
        }
        return kept.length() == 0 ? SecretRecord.BINARY : kept.toString();
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
