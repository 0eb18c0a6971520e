package io.ferry.phase;

/**
 * Whether a transition may happen, and the evidence in one line.
 *
 * @param to the phase asked for
 * @param open whether it may happen
 * @param reason what the gate saw, never a value
 */
public record Gate(Phase to, boolean open, String reason) {
}
