package io.ferry.provider.vault;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ferry.spi.ProviderException;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's HTTP API as the KV engines use it, over the driver's {@link Rest} helper with the driver's
 * configuration (address, TLS, timeouts, one shared HTTP client). Every call goes through the rate
 * limiter; a refused token from a login is replaced once by logging in again. Answers a caller
 * handles itself (2xx, 400 and 404) come back as a {@link Reply}; the rest become
 * {@link ProviderException}s.
 *
 * <p>The driver's {@code logical()} API is not used for KV: it flattens a secret's fields into
 * strings, knows nothing of {@code metadata/} and custom_metadata, and builds URLs from unescaped
 * paths. Listings are {@code GET ?list=true}, which Vault treats as {@code LIST}, because
 * {@code Rest} speaks only GET, POST, PUT and DELETE. Thread-safe.
 */
final class VaultHttp {

    private static final Logger LOG = LoggerFactory.getLogger(VaultHttp.class);

    /** Reads Vault's JSON keeping numbers exactly as written, as Vault itself does. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /**
     * One answer a caller handles.
     *
     * @param status the HTTP status
     * @param body the parsed body, a missing node when there was none
     */
    record Reply(int status, JsonNode body) {

        /** @return the envelope's {@code data} */
        JsonNode data() {
            return body.path("data");
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final VaultSettings settings;
    private final VaultConfig config;
    private final VaultCredentials credentials;
    private final RateLimiter limiter;

    VaultHttp(VaultSettings settings, VaultConfig config, VaultCredentials credentials, RateLimiter limiter) {
        this.settings = settings;
        this.config = config;
        this.credentials = credentials;
        this.limiter = limiter;
    }

    /** @return the limiter every call goes through */
    RateLimiter limiter() {
        return limiter;
    }

    Reply get(String key, String path, Map<String, String> query) {
        return call(Operation.READ, key, "GET", path, query, null);
    }

    Reply list(String key, String path) {
        return call(Operation.LIST, key, "GET", path, Map.of("list", "true"), null);
    }

    Reply post(String key, String path, JsonNode body) {
        return call(Operation.WRITE, key, "POST", path, Map.of(), body);
    }

    Reply delete(String key, String path) {
        return call(Operation.WRITE, key, "DELETE", path, Map.of(), null);
    }

    /**
     * One call whose answer the caller reads whatever its status, tried once: for health checks,
     * which must report an unreachable or refusing Vault at once rather than retry.
     *
     * @param path the API path
     * @param withToken whether to send the token (sys/health needs none)
     * @return the answer
     */
    Reply once(String path, boolean withToken) {
        return limiter.call(Operation.READ, null, () -> {
            try {
                Exchange answer = send(withToken ? credentials.token() : null, null, "GET", path, Map.of(), null);
                return new Reply(answer.status, answer.body);
            } catch (ProviderException e) {
                throw new ProviderException(e.kind(), e.key(), e.getMessage(), false, null, e);
            }
        });
    }

    private Reply call(Operation op, String key, String method, String path, Map<String, String> query, JsonNode body) {
        return limiter.call(op, key, () -> {
            String token = credentials.token();
            Exchange answer = send(token, key, method, path, query, body);
            if ((answer.status == 403 || answer.status == 401) && credentials.renewable()) {
                answer = send(credentials.renew(token), key, method, path, query, body);
            }
            int status = answer.status;
            if (status / 100 == 2 || status == 400 || status == 404) {
                return new Reply(status, answer.body);
            }
            throw VaultErrors.of(settings.where(), status, answer.body, answer.retryAfter, key, path);
        });
    }

    private record Exchange(int status, JsonNode body, Duration retryAfter) {
    }

    private Exchange send(String token, String key, String method, String path, Map<String, String> query, JsonNode body) {
        try {
            Rest rest = new Rest(config.getHttpClient())
                    .url(settings.address() + "/v1/" + encodePath(path))
                    .header("X-Vault-Token", token)
                    .header("X-Vault-Namespace", settings.namespace())
                    .header("X-Vault-Request", "true")
                    .readTimeoutSeconds((int) settings.readTimeout().toSeconds());
            for (Map.Entry<String, String> q : query.entrySet()) {
                rest.parameter(q.getKey(), q.getValue());
            }
            if (body != null) {
                rest.header("Content-Type", "application/json").body(JSON.writeValueAsBytes(body));
            }
            RestResponse response = switch (method) {
                case "GET" -> rest.get();
                case "POST" -> rest.post();
                case "DELETE" -> rest.delete();
                default -> throw new IllegalArgumentException("no " + method + " in the Vault client");
            };
            Duration retryAfter = RetryAfterRecorder.takeRetryAfter();
            LOG.debug("{} {}{} -> {}", method, path, query.isEmpty() ? "" : " " + query.keySet(), response.getStatus());
            return new Exchange(response.getStatus(), parse(response.getBody()), retryAfter);
        } catch (RestException | IOException e) {
            throw VaultErrors.unreachable(settings.where(), key, e);
        }
    }

    /**
     * Escapes a path for a URL, keeping its slashes: every byte of a name but the unreserved
     * characters is percent-encoded, so that spaces, {@code ?}, {@code #}, {@code %} and non-ASCII
     * names reach Vault as written.
     *
     * @param path a Vault API path
     * @return the path as it goes into the URL
     */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * @param e a failure the driver reported, whose message ends with the answer's body
     * @return that body parsed, or a missing node
     */
    static JsonNode bodyOf(VaultException e) {
        String message = e.getMessage();
        int at = message == null ? -1 : message.indexOf("Response body: ");
        if (at < 0) {
            return MissingNode.getInstance();
        }
        return parse(message.substring(at + "Response body: ".length()).getBytes(StandardCharsets.UTF_8));
    }
}
