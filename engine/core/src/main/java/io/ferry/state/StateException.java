package io.ferry.state;

import io.ferry.spi.ValueFreeMessage;

/** The state store cannot be opened or used: missing, corrupt, locked, or of another format. */
public class StateException extends RuntimeException implements ValueFreeMessage {

    /**
     * @param message what happened and the fix, in one line
     */
    public StateException(String message) {
        super(message);
    }

    /**
     * @param message what happened and the fix, in one line
     * @param cause the underlying failure
     */
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
