package io.ferry.crypto;

/** An envelope could not be opened: the key is wrong, or the data was changed or moved. */
public class DecryptionException extends RuntimeException {

    /**
     * @param message what failed, never key or plaintext material
     */
    public DecryptionException(String message) {
        super(message);
    }
}
