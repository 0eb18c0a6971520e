package io.ferry.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelopes: {@code 0x01 || 12-byte random nonce || ciphertext || 16-byte tag}. The
 * associated data binds a ciphertext to where it belongs (a key name and version), so that a
 * ciphertext copied to another row fails to open. Thread-safe.
 */
public final class Aead {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Looking a cipher up costs more than using it on a small value, so each thread keeps one. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    });

    private final SecretKeySpec key;

    /**
     * @param key a 256-bit key; copied
     */
    public Aead(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** @return 32 random bytes, for a fresh data key */
    public static byte[] randomKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /**
     * @param plaintext what to encrypt
     * @param associatedData what the ciphertext is bound to
     * @return the envelope
     */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /**
     * @param envelope what {@link #seal} returned
     * @param associatedData what the ciphertext must be bound to
     * @return the plaintext
     * @throws DecryptionException when the key is wrong, the data was changed or it belongs elsewhere
     */
    public byte[] open(byte[] envelope, byte[] associatedData) {
        if (envelope == null || envelope.length < 1 + NONCE_BYTES + TAG_BITS / 8 || envelope[0] != FORMAT) {
            throw new DecryptionException("not an encrypted envelope of this format");
        }
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(envelope, 1 + NONCE_BYTES, envelope.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionException("wrong key, or the data was changed or moved");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /**
     * @param text associated data as text
     * @return its UTF-8 bytes
     */
    public static byte[] ad(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Derives a subkey for one purpose, so that one master key never serves two purposes directly.
     *
     * @param key the master key
     * @param purpose what the subkey is for
     * @return HMAC-SHA-256(key, purpose)
     */
    public static byte[] subkey(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ad(purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "Aead[AES-256-GCM, key masked]";
    }
}
