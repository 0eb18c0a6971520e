package io.ferry.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /**
     * Options whose token is derived from a run and one of its writes, so that every attempt at that
     * write, in this process or a resumed one, carries the same token.
     *
     * @param runId the run
     * @param write names the write within the run ("12", "12/v0", "rollback/12")
     * @return options with a 32-character token
     */
    public static WriteOptions forRun(String runId, String write) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((runId + ":" + write).getBytes(StandardCharsets.UTF_8));
            return new WriteOptions(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
