package io.ferry.phase;

import io.ferry.spi.ValueFreeMessage;

/** A transition whose gate does not hold; the message says which and why. */
public final class PhaseRefusedException extends RuntimeException implements ValueFreeMessage {

    private static final long serialVersionUID = 1L;
    private final transient Gate gate;

    /** @param gate the gate that refused */
    public PhaseRefusedException(Gate gate) {
        super("cannot move to " + gate.to().label() + ": " + gate.reason());
        this.gate = gate;
    }

    /** @return the gate that refused */
    public Gate gate() {
        return gate;
    }
}
