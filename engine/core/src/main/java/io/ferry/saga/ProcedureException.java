package io.ferry.saga;

import io.ferry.spi.ValueFreeMessage;

/** A procedure cannot go on: its items cannot be found or its steps not declared. The message says which and why. */
public final class ProcedureException extends RuntimeException implements ValueFreeMessage {

    private static final long serialVersionUID = 1L;

    ProcedureException(String message) {
        super(message);
    }

    ProcedureException(String message, Throwable cause) {
        super(message, cause);
    }
}
