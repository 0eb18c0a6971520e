package io.ferry.crypto;

import io.ferry.spi.ValueFreeMessage;

/** An envelope could not be opened: the key is wrong, or the data was changed or moved. */
public class DecryptionException extends RuntimeException implements ValueFreeMessage {

    /**
     * @param message what failed, never key or plaintext material
     */
    public DecryptionException(String message) {
        super(message);
    }
}
