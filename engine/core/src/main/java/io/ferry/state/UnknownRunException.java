package io.ferry.state;

/**
 * A run id, or a prefix of one, that names no run of the state store, or more than one: a wrong
 * argument rather than a state store that cannot be used.
 */
public class UnknownRunException extends StateException {

    /**
     * @param message the id, where Ferry looked, and how to find the right one, in one line
     */
    public UnknownRunException(String message) {
        super(message);
    }
}
