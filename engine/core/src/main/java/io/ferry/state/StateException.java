package io.ferry.state;

/** The state store cannot be opened or used: missing, corrupt, locked, or of another format. */
public class StateException extends RuntimeException {

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
