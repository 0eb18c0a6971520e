package io.ferry.provider.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns the engine's idempotency token into a Secrets Manager {@code ClientRequestToken}, which
 * becomes the version id and must have 32 to 64 characters. A token of that length is used as it
 * is; any other is replaced by its SHA-256 in hex (64 characters), so the same token always gives
 * the same version id and a retry is recognised. The engine's own tokens are 32 hex digits, so every
 * version Ferry writes has an id of 32 or 64 hex digits, where the SDK and the console make UUIDs.
 */
final class ClientRequestTokens {

    private static final Pattern FERRYS = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{64}");

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

    /**
     * @param versionId a version id, or null
     * @return whether it has the shape of a version Ferry wrote: 32 or 64 lower-case hex digits
     */
    static boolean isFerrys(String versionId) {
        return versionId != null && FERRYS.matcher(versionId).matches();
    }
}
