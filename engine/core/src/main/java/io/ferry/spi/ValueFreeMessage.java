package io.ferry.spi;

/**
 * Marks an exception whose message is built only from codes, keys, names, locations and the fix,
 * never from a secret value, a request or response body, or the message of an exception raised by
 * code that held a value. Only such messages are shown as they are; of any other exception that
 * comes out of code handling a value, Ferry shows the type and the runbook location alone.
 *
 * <p>An adapter's {@link ProviderException} carries this mark: adapters build its message from the
 * store's error code, the key and the fix, and never quote what the store said.
 */
public interface ValueFreeMessage {
}
