package io.ferry.provider.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns the engine's idempotency token into a Secrets Manager {@code ClientRequestToken}, which
 * becomes the version id and must have 32 to 64 characters. A token of that length is used as it
 * is; any other is replaced by its SHA-256 in hex (64 characters), so the same token always gives
 * the same version id and a retry is recognised.
 */
final class ClientRequestTokens {

    private ClientRequestTokens() {
    }

    /**
     * @param idempotencyToken the engine's token, or null
     * @return the ClientRequestToken, or null to let the SDK make a random one
     */
    static String of(String idempotencyToken) {
        if (idempotencyToken == null || idempotencyToken.isEmpty()) {
            return null;
        }
        if (idempotencyToken.length() >= 32 && idempotencyToken.length() <= 64) {
            return idempotencyToken;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(idempotencyToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
