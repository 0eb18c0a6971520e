package io.ferry.provider.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates what the value's envelope does not cover: a version's content type, tags,
 * attributes, timestamps, expiry and idempotency token, and a key's pointer to its current
 * version. Each is an HMAC-SHA-256, under a key derived from the store's key, of the row's exact
 * column text, each field length-prefixed so that no two rows encode alike. A row edited outside
 * Ferry (with {@code sqlite3}, say) no longer matches its MAC. Thread-safe.
 */
final class RowMac {

    private static final byte VERSION_ROW = 1;
    private static final byte POINTER_ROW = 2;

    private final ThreadLocal<Mac> mac;

    /**
     * @param key the row key; copied
     */
    RowMac(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /** @return the MAC of one version row, as stored */
    byte[] version(String fullKey, long version, String contentType, String tags, String attributes, String updatedAt,
                   String expiresAt, String token, int created) {
        return compute(VERSION_ROW, fullKey, Long.toString(version), contentType, tags, attributes, updatedAt, expiresAt,
                token, Integer.toString(created));
    }

    /**
     * @param currentVersion the current version, or null for a deleted key's tombstone
     * @return the MAC of one key's pointer row, as stored
     */
    byte[] pointer(String fullKey, Long currentVersion, long lastVersion, String createdAt) {
        return compute(POINTER_ROW, fullKey, currentVersion == null ? null : currentVersion.toString(),
                Long.toString(lastVersion), createdAt);
    }

    /** @return whether a stored MAC matches, in constant time */
    static boolean matches(byte[] expected, byte[] stored) {
        return stored != null && MessageDigest.isEqual(expected, stored);
    }

    private byte[] compute(byte kind, String... fields) {
        Mac m = mac.get();
        m.update(kind);
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        for (String field : fields) {
            byte[] bytes = field == null ? null : field.getBytes(StandardCharsets.UTF_8);
            length.clear();
            // -1 tells a missing field from an empty one.
            length.putInt(bytes == null ? -1 : bytes.length);
            m.update(length.array());
            if (bytes != null) {
                m.update(bytes);
            }
        }
        return m.doFinal();
    }

    @Override
    public String toString() {
        return "RowMac[HMAC-SHA-256, key masked]";
    }
}
