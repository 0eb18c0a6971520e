package io.ferry.secret;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The value of a secret: bytes, end to end, whether they hold text or binary data.
 *
 * <p>A {@code SecretValue} never shows its content by accident: {@link #toString()} prints only
 * the length, {@link #equals(Object)} compares in constant time, and {@link #hashCode()} depends on
 * the length alone so that a hash table cannot be used as an oracle. The content is read
 * deliberately through {@link #bytes()} or {@link #text()}.
 */
public final class SecretValue {

    private static final SecretValue EMPTY = new SecretValue(new byte[0]);

    private final byte[] bytes;

    private SecretValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A value holding a copy of the given bytes.
     *
     * @param bytes the content; copied, so later changes to the array do not affect the value
     * @return the value
     */
    public static SecretValue ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new SecretValue(bytes.clone());
    }

    /**
     * A value holding the UTF-8 encoding of the given text.
     *
     * @param text the content
     * @return the value
     */
    public static SecretValue ofText(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return ofOwnedBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A value that takes ownership of the array without copying it; for adapters that have just
     * decoded or decrypted the bytes and hold no other reference to them.
     *
     * @param bytes the content, which the caller must not change afterwards
     * @return the value
     */
    public static SecretValue ofOwnedBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new SecretValue(bytes);
    }

    /** @return the empty value */
    public static SecretValue empty() {
        return EMPTY;
    }

    /** @return a copy of the content */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the content decoded as UTF-8; undecodable bytes become U+FFFD */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Groovy reads {@code rec.value.text}. @return {@link #text()} */
    public String getText() {
        return text();
    }

    /** @return the number of bytes */
    public int size() {
        return bytes.length;
    }

    /** @return whether the value has no bytes */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * Not named {@code isText()}: Groovy would then read {@code rec.value.text} as this boolean
     * instead of {@link #getText()}.
     *
     * @return whether the content is well-formed UTF-8 (and so can be stored as text)
     */
    public boolean isUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The keyed fingerprint of this value.
     *
     * @param fingerprinter the per-run fingerprinter
     * @return the fingerprint, safe to store and print
     */
    public String fingerprint(Fingerprinter fingerprinter) {
        return fingerprinter.fingerprint(bytes);
    }

    /** Compares the content in time that depends on the lengths only. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    /** Never shows the content. */
    @Override
    public String toString() {
        return "SecretValue[" + bytes.length + " bytes, masked]";
    }
}
