package io.ferry.api;

import io.ferry.spi.ValueFreeMessage;

/** A command could not be carried out; the message is one line that names the thing and the fix. */
public class FerryException extends RuntimeException implements ValueFreeMessage {

    private final ExitCode exitCode;

    /**
     * @param exitCode the kind of failure
     * @param message what happened and the fix
     */
    public FerryException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode the kind of failure
     * @param message what happened and the fix
     * @param cause the underlying failure
     */
    public FerryException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the kind of failure, as a process exit code */
    public ExitCode exitCode() {
        return exitCode;
    }
}
