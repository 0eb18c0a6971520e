package io.ferry.spi;

/**
 * Options of one write.
 *
 * @param idempotencyToken a token derived from the run and the item: a store that supports
 *     idempotent writes (AWS ClientRequestToken) turns a repeated write with the same token into a
 *     no-op, so that a resumed run never makes a second version; null when there is none
 */
public record WriteOptions(String idempotencyToken) {

    /** @return options with no idempotency token */
    public static WriteOptions none() {
        return new WriteOptions(null);
    }
}
