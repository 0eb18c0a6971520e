package io.ferry.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of secret values: HMAC-SHA-256 under a per-run key, so that fingerprints kept
 * in a journal or an audit trail cannot be brute-forced offline by someone without the key, yet two
 * values compared within one run give equal fingerprints exactly when they are equal.
 *
 * <p>Thread-safe.
 */
public final class Fingerprinter {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PRINTED_BYTES = 16;

    private final SecretKeySpec key;
    /** A MAC costs more to look up and key than to run on a small value, so each thread keeps one. */
    private final ThreadLocal<Mac> mac;

    /**
     * @param key the HMAC key, at least 32 bytes; copied
     */
    public Fingerprinter(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 32) {
            throw new IllegalArgumentException("a fingerprint key needs at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** @return a fingerprinter under a fresh random key, for comparisons that are not journaled */
    public static Fingerprinter ephemeral() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Fingerprinter(key);
    }

    /**
     * @param data the bytes to fingerprint
     * @return {@code hmac:} followed by the first 128 bits of the HMAC in hex
     */
    public String fingerprint(byte[] data) {
        byte[] digest = mac.get().doFinal(data);
        return "hmac:" + HexFormat.of().formatHex(digest, 0, PRINTED_BYTES);
    }

    /**
     * @param text text to fingerprint as UTF-8
     * @return its fingerprint
     */
    public String fingerprint(String text) {
        return fingerprint(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Fingerprinter[HMAC-SHA-256, key masked]";
    }
}
