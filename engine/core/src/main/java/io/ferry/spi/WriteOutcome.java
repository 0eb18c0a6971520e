package io.ferry.spi;

/**
 * What became of one write of a batch: its result, or the failure it alone met.
 *
 * @param result the write's result, or null when it failed
 * @param failure why it failed, or null when it succeeded
 */
public record WriteOutcome(WriteResult result, ProviderException failure) {

    /** Checks that exactly one of the two is given. */
    public WriteOutcome {
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("a write outcome is either a result or a failure");
        }
    }

    /** @param result the result @return a success */
    public static WriteOutcome of(WriteResult result) {
        return new WriteOutcome(result, null);
    }

    /** @param failure the failure @return a failure */
    public static WriteOutcome failed(ProviderException failure) {
        return new WriteOutcome(null, failure);
    }
}
