package io.ferry.keys;

import io.ferry.spi.ValueFreeMessage;

/**
 * A key or passphrase could not be had from where Ferry was told to look. The message names that
 * place and the fix in one line, never the secret nor what the store answered.
 */
public class KeySourceException extends RuntimeException implements ValueFreeMessage {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and the fix, in one line
     */
    public KeySourceException(String message) {
        super(message);
    }

    /**
     * @param message what happened and the fix, in one line
     * @param cause the failure underneath, kept for stack traces only
     */
    public KeySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
