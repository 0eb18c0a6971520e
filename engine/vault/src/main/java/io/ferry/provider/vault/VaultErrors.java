package io.ferry.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Vault's answers into {@link ProviderException}s whose messages name Vault's address, the
 * key, the HTTP status with a fixed phrase for it, and the fix. Vault's own error strings
 * ({@code {"errors":[...]}}) are read to classify an answer (a check-and-set mismatch, a sealed
 * Vault), never quoted: a Vault or a proxy in front of it may echo the request, value included.
 */
final class VaultErrors {

    private VaultErrors() {
    }

    /**
     * @param body an answer's body, or null
     * @return Vault's error strings, each on one line without Go's "1 error occurred" wrapping; for
     *     classifying the answer only, never for a message
     */
    static String errorsIn(JsonNode body) {
        List<String> errors = new ArrayList<>();
        if (body != null) {
            body.path("errors").forEach(e -> errors.add(oneLine(e.asText())));
        }
        return String.join("; ", errors);
    }

    /**
     * @param status an HTTP status Vault answered with
     * @return the status and what it means, for a message
     */
    static String said(int status) {
        String meaning = switch (status) {
            case 400 -> "invalid request";
            case 401 -> "no token or an unknown token";
            case 403 -> "permission denied";
            case 404 -> "nothing at this path";
            case 405 -> "method not allowed on this path";
            case 412 -> "the cluster has not caught up with this token";
            case 413 -> "request too large";
            case 415 -> "unsupported content type";
            case 429 -> "rate limit exceeded";
            case 473 -> "performance standby cannot answer";
            case 500 -> "internal error";
            case 502 -> "an upstream request failed";
            case 503 -> "sealed or down for maintenance";
            default -> status >= 500 ? "server failure" : "refused";
        };
        return "HTTP " + status + " " + meaning;
    }

    private static String oneLine(String error) {
        StringBuilder out = new StringBuilder();
        for (String line : error.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.matches("\\d+ errors? occurred:")) {
                continue;
            }
            if (trimmed.startsWith("* ")) {
                trimmed = trimmed.substring(2);
            }
            out.append(out.length() == 0 ? "" : "; ").append(trimmed);
        }
        return out.toString();
    }

    /** @return whether a 400 answer is a check-and-set mismatch */
    static boolean casMismatch(JsonNode body) {
        return errorsIn(body).contains("check-and-set parameter did not match");
    }

    /**
     * The exception for an answer the caller does not handle itself.
     *
     * @param where the address and mount, for messages
     * @param status the HTTP status
     * @param body the body, or null
     * @param retryAfter Vault's Retry-After, or null
     * @param key the key concerned, or null
     * @param path the API path called
     * @return the exception
     */
    static ProviderException of(String where, int status, JsonNode body, Duration retryAfter, String key, String path) {
        String errors = errorsIn(body);
        String quoted = " (" + said(status) + ")";
        String subject = key == null ? "" : " for '" + key + "'";
        return switch (status) {
            case 400, 405, 413, 415 -> new ProviderException(Kind.INVALID, key, "Vault at " + where + " refused the request"
                    + subject + " on " + path + quoted + "; check the key, the value's size and the tags");
            case 401, 403 -> new ProviderException(Kind.DENIED, key, "Vault at " + where + " denied access" + subject
                    + " on " + path + quoted + "; check that the token's policy grants it and that the token has not "
                    + "expired (vault token lookup), or log in again");
            case 404 -> new ProviderException(Kind.NOT_FOUND, key, "Vault at " + where + " has nothing at " + path + subject);
            case 429 -> new ProviderException(Kind.THROTTLED, key, "Vault at " + where + " throttled the request" + subject
                    + quoted + "; lower rate.read, rate.write or rate.list, or raise Vault's rate-limit quota",
                    true, retryAfter, null);
            case 503 -> errors.contains("sealed")
                    ? new ProviderException(Kind.UNAVAILABLE, key, "Vault at " + where + " is sealed; unseal it "
                            + "(vault operator unseal) and run again", false, null, null)
                    : new ProviderException(Kind.UNAVAILABLE, key, "Vault at " + where + " is unavailable (503)" + subject
                            + quoted + "; retry later or check Vault's status (vault status)", true, retryAfter, null);
            default -> new ProviderException(Kind.UNAVAILABLE, key, "Vault at " + where + " failed"
                    + subject + " on " + path + quoted + "; retry, or check Vault's server log", status >= 500, retryAfter, null);
        };
    }

    /**
     * A request that got no answer. A connection that could not be made at all (refused, unknown
     * host, connect timeout, TLS handshake) is not worth retrying at once, so that an unreachable
     * Vault fails in seconds; a connection lost mid-request is.
     *
     * @param where the address and mount
     * @param key the key concerned, or null
     * @param cause why the request did not get an answer
     * @return the exception saying what to check
     */
    static ProviderException unreachable(String where, String key, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName();
        boolean noConnection = root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException
                || root instanceof javax.net.ssl.SSLHandshakeException;
        return new ProviderException(Kind.UNAVAILABLE, key, "cannot reach Vault at " + where + " (" + reason
                + "); check the address and port, that Vault is running, the network, and for https the CA (option ca)",
                !noConnection, null, null);
    }
}
