package io.ferry.testkit.server.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import io.ferry.testkit.server.WireServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An in-process Azure Key Vault that speaks the secrets REST API over HTTPS, so that the real Azure
 * SDK client works against it unchanged but for the vault URL and a trusted CA.
 *
 * <p>What it does as Key Vault does: TLS only, with a certificate made at start for {@code localhost}
 * and {@code 127.0.0.1} whose PEM clients are given ({@link #caCertificatePem()},
 * {@link #writeCaCertificate(Path)}); an unauthenticated request gets 401 with the bearer challenge
 * ({@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/TENANT",
 * resource="https://vault.azure.net"}), as the SDK expects before it sends a token; bearer tokens are
 * checked against the ones this server accepts ({@link #token()}, {@link #acceptToken},
 * {@link #expireToken}); {@code api-version} is required; names of 1-127 letters, digits and dashes,
 * compared without case; a new 32-hex version on every set; 25,600-byte values, 15 tags, 255-character
 * content types; soft delete with recover and purge, and 409 {@code ObjectIsDeletedButRecoverable}
 * when a deleted name is set; a disabled secret's value is refused with 403; listings page with
 * {@code maxresults} (at most 25) and {@code nextLink}; errors are {@code {"error":{"code","message"}}};
 * over its quota it answers 429 {@code Throttled} with Retry-After, and injected failures are 503.
 *
 * <p>Quotas: setting a secret is a {@link Operation#WRITE} (Key Vault's "create" quota), and so are
 * delete, recover and purge; listings are {@link Operation#LIST}; every other call is a
 * {@link Operation#READ}.
 */
public final class KeyVaultServer extends WireServer {

    /** The tenant the bearer challenge names. */
    public static final String TENANT = "00000000-0000-0000-0000-00000000f377";
    /** The page size Key Vault uses when {@code maxresults} is absent, and its largest. */
    public static final int MAX_PAGE = 25;

    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
            + "\", resource=\"https://vault.azure.net\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VaultSecrets vault = new VaultSecrets();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
    private final String token = "ferry-kv-" + UUID.randomUUID().toString().replace("-", "");
    private volatile SelfSignedCertificate certificate;
    private volatile String lastPages = "none";
    private volatile int disabledReadStatus = 403;

    /** @param knobs latency, faults and quotas */
    public KeyVaultServer(ServerKnobs knobs) {
        super("Azure Key Vault", knobs);
        tokens.add(token);
    }

    /** @return a bearer token this server accepts, made for it */
    public String token() {
        return token;
    }

    /**
     * @param bearer another bearer token to accept
     * @return this server
     */
    public KeyVaultServer acceptToken(String bearer) {
        tokens.add(bearer);
        expiredTokens.remove(bearer);
        return this;
    }

    /**
     * @param bearer a token that from now on is refused as expired
     * @return this server
     */
    public KeyVaultServer expireToken(String bearer) {
        expiredTokens.add(bearer);
        return this;
    }

    /**
     * @param delay how long a deleted secret is "being deleted" (not yet purgeable or recoverable, its
     *     name not yet settable), as a real vault is for a moment after a delete; zero by default
     * @return this server
     */
    public KeyVaultServer deletionDelay(Duration delay) {
        vault.deletionDelay(delay);
        return this;
    }

    /**
     * Sets a secret as Set Secret would, for {@code ferry emulate azure --seed}.
     *
     * @param name the secret's name
     * @param value its value
     * @param contentType its content type, or null
     * @param tags its tags
     * @throws IllegalArgumentException naming the secret and Key Vault's rule when Key Vault would refuse it
     */
    public void seed(String name, String value, String contentType, Map<String, String> tags) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("azure cannot hold seed secret '" + name + "': a Key Vault secret name is "
                    + "1-127 letters, digits and -");
        }
        try {
            vault.set(name, value, new VaultSecrets.Properties(contentType, tags.isEmpty() ? null : tags, null, null, null));
        } catch (KeyVaultError e) {
            throw new IllegalArgumentException("azure cannot hold seed secret '" + name + "': " + e.getMessage());
        }
    }

    /**
     * Makes every listing end its last page as independent implementations of the API do.
     *
     * @param how {@code "none"}: without a nextLink, as Key Vault answers; {@code "empty"}: with an
     *     empty nextLink; {@code "same"}: with the link the page was asked with, when it was asked with
     *     a continuation
     * @return this server
     */
    public KeyVaultServer endListingsWith(String how) {
        if (!List.of("none", "empty", "same").contains(how)) {
            throw new IllegalArgumentException("a listing ends with none, empty or same, not " + how);
        }
        lastPages = how;
        return this;
    }

    /**
     * @param status how a read of a disabled secret's value is refused: 403 {@code Forbidden} with the
     *     inner code {@code SecretDisabled}, as Key Vault answers, or 404 {@code SecretNotFound}, as
     *     other implementations do
     * @return this server
     */
    public KeyVaultServer refuseDisabledReadsWith(int status) {
        if (status != 403 && status != 404) {
            throw new IllegalArgumentException("a disabled secret's read is refused with 403 or 404, not " + status);
        }
        disabledReadStatus = status;
        return this;
    }

    /**
     * @param plain whether setting a name held by a deleted secret is refused with a bare 409
     *     {@code Conflict}, without the inner code {@code ObjectIsDeletedButRecoverable} or a message
     *     that says why, as other implementations answer
     * @return this server
     */
    public KeyVaultServer plainDeletedNameConflicts(boolean plain) {
        vault.plainDeletedNameConflicts(plain);
        return this;
    }

    /** @return the PEM of the CA that signed the server's certificate (itself), for {@code ca=} */
    public String caCertificatePem() {
        return started().pem();
    }

    /**
     * @param file where to write the CA certificate
     * @return the file
     */
    public Path writeCaCertificate(Path file) {
        return started().writePem(file);
    }

    @Override
    protected HttpServer bind(InetSocketAddress address) throws IOException {
        SelfSignedCertificate made = SelfSignedCertificate.create();
        HttpsServer server = HttpsServer.create(address, 128);
        server.setHttpsConfigurator(new HttpsConfigurator(made.serverContext()));
        certificate = made;
        return server;
    }

    @Override
    protected String scheme() {
        return "https";
    }

    @Override
    protected Operation classify(WireRequest request) {
        if (request.header("Authorization") == null) {
            return null;
        }
        String[] parts = parts(request.path());
        String method = request.method();
        boolean secret = parts[0].equals("secrets");
        if (parts.length == 1 || (secret && parts.length == 3 && parts[2].equals("versions") && method.equals("GET"))) {
            return Operation.LIST;
        }
        if ((secret && parts.length == 2 && method.equals("PUT")) || method.equals("DELETE") || method.equals("POST")) {
            return Operation.WRITE;
        }
        return Operation.READ;
    }

    @Override
    protected WireResponse handle(WireRequest request) {
        try {
            authenticate(request);
            if (request.query().get("api-version") == null || request.query().get("api-version").isBlank()) {
                throw new KeyVaultError(400, "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.");
            }
            return route(request, "https://" + request.header("Host"));
        } catch (KeyVaultError e) {
            return error(e);
        }
    }

    @Override
    protected WireResponse throttled(WireRequest request) {
        return error(new KeyVaultError(429, "Throttled", "Request was not processed because too many requests were "
                + "received. Reason: A generic request throttling limit was reached. Retry after a delay."))
                .with("Retry-After", "1");
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        return error(new KeyVaultError(503, "ServiceUnavailable", "The service is temporarily unavailable; retry."));
    }

    @Override
    protected WireResponse refusedEchoing(WireRequest request, String echo) {
        return error(KeyVaultError.badParameter(echo));
    }

    private void authenticate(WireRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            throw new KeyVaultError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        String bearer = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
        if (expiredTokens.contains(bearer)) {
            throw new KeyVaultError(401, "Unauthorized", "[TokenExpired] Error validating token: 'S2S12086'.");
        }
        if (!tokens.contains(bearer)) {
            throw new KeyVaultError(401, "Unauthorized", "AKV10022: Invalid token: it was not issued for this vault.");
        }
    }

    private WireResponse route(WireRequest request, String base) {
        String[] parts = parts(request.path());
        String method = request.method();
        if (parts[0].equals("secrets")) {
            if (parts.length == 1 && method.equals("GET")) {
                return listSecrets(request, base);
            }
            if (parts.length >= 2) {
                String name = name(parts[1]);
                if (parts.length == 2) {
                    switch (method) {
                        case "PUT" -> {
                            JsonNode body = body(request);
                            VaultSecrets.Entry entry = vault.set(name, text(body, "value"), properties(body));
                            return ok(bundle(base, entry, entry.latest(), true));
                        }
                        case "GET" -> {
                            return ok(readable(base, name, null));
                        }
                        case "PATCH" -> {
                            return ok(bundle(base, vault.live(name), vault.update(name, null, properties(body(request))), false));
                        }
                        case "DELETE" -> {
                            return ok(deleted(base, vault.delete(name)));
                        }
                        default -> {
                            return notAllowed(method, request.path());
                        }
                    }
                }
                if (parts.length == 3 && parts[2].equals("versions") && method.equals("GET")) {
                    return listVersions(request, base, name);
                }
                if (parts.length == 3 && method.equals("GET")) {
                    return ok(readable(base, name, parts[2]));
                }
                if (parts.length == 3 && method.equals("PATCH")) {
                    return ok(bundle(base, vault.live(name), vault.update(name, parts[2], properties(body(request))), false));
                }
            }
        } else if (parts[0].equals("deletedsecrets")) {
            if (parts.length == 1 && method.equals("GET")) {
                return listDeleted(request, base);
            }
            if (parts.length >= 2) {
                String name = name(parts[1]);
                if (parts.length == 2 && method.equals("GET")) {
                    return ok(deleted(base, vault.deleted(name)));
                }
                if (parts.length == 2 && method.equals("DELETE")) {
                    vault.purge(name);
                    return WireResponse.empty(204);
                }
                if (parts.length == 3 && parts[2].equals("recover") && method.equals("POST")) {
                    VaultSecrets.Entry entry = vault.recover(name);
                    return ok(bundle(base, entry, entry.latest(), false));
                }
            }
        }
        return notAllowed(method, request.path());
    }

    private ObjectNode readable(String base, String name, String version) {
        VaultSecrets.Version v = vault.get(name, version);
        if (!v.enabled) {
            if (disabledReadStatus == 404) {
                throw new KeyVaultError(404, "SecretNotFound", "A secret with (name/id) " + name + " was not found in this key vault.");
            }
            throw new KeyVaultError(403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");
        }
        return bundle(base, vault.live(name), v, true);
    }

    private WireResponse listSecrets(WireRequest request, String base) {
        int max = maxResults(request);
        String after = skipToken(request);
        List<VaultSecrets.Entry> found = vault.list(VaultSecrets.State.LIVE, after, max + 1);
        ObjectNode page = JSON.createObjectNode();
        var values = page.putArray("value");
        found.stream().limit(max).forEach(e -> values.add(item(base + "/secrets/" + e.name, e.latest())));
        String next = found.size() > max ? VaultSecrets.fold(found.get(max - 1).name) : null;
        page.put("nextLink", next != null ? nextLink(base + "/secrets", request, next, max) : lastLink(base + "/secrets", request, max));
        return ok(page);
    }

    private WireResponse listDeleted(WireRequest request, String base) {
        int max = maxResults(request);
        String after = skipToken(request);
        List<VaultSecrets.Entry> found = vault.list(VaultSecrets.State.DELETED, after, max + 1);
        ObjectNode page = JSON.createObjectNode();
        var values = page.putArray("value");
        found.stream().limit(max).forEach(e -> {
            ObjectNode item = item(base + "/secrets/" + e.name, e.latest());
            deletion(base, e, item);
            values.add(item);
        });
        String next = found.size() > max ? VaultSecrets.fold(found.get(max - 1).name) : null;
        page.put("nextLink", next != null ? nextLink(base + "/deletedsecrets", request, next, max) : lastLink(base + "/deletedsecrets", request, max));
        return ok(page);
    }

    private WireResponse listVersions(WireRequest request, String base, String name) {
        int max = maxResults(request);
        String token = skipToken(request);
        int from = 0;
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw KeyVaultError.badParameter("The $skiptoken is not one this vault issued.");
            }
        }
        List<VaultSecrets.Version> versions = vault.versions(name);
        ObjectNode page = JSON.createObjectNode();
        var values = page.putArray("value");
        String stored = versions.isEmpty() ? name : vault.live(name).name;
        int to = Math.min(versions.size(), from + max);
        for (int i = from; i < to; i++) {
            VaultSecrets.Version v = versions.get(i);
            values.add(item(base + "/secrets/" + stored + "/" + v.id, v));
        }
        String next = to < versions.size() ? Integer.toString(to) : null;
        page.put("nextLink", next != null ? nextLink(base + "/secrets/" + stored + "/versions", request, next, max)
                : lastLink(base + "/secrets/" + stored + "/versions", request, max));
        return ok(page);
    }

    private static String nextLink(String path, WireRequest request, String after, int max) {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
        return path + "?api-version=" + URLEncoder.encode(request.query().get("api-version"), StandardCharsets.UTF_8)
                + "&$skiptoken=" + token + "&maxresults=" + max;
    }

    /** @return the nextLink of a last page, as {@link #endListingsWith} says */
    private String lastLink(String path, WireRequest request, int max) {
        String asked = request.query().get("$skiptoken");
        return switch (lastPages) {
            case "empty" -> "";
            case "same" -> asked == null || asked.isEmpty() ? null
                    : path + "?api-version=" + URLEncoder.encode(request.query().get("api-version"), StandardCharsets.UTF_8)
                    + "&$skiptoken=" + asked + "&maxresults=" + max;
            default -> null;
        };
    }

    private static String skipToken(WireRequest request) {
        String token = request.query().get("$skiptoken");
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter("The $skiptoken is not one this vault issued.");
        }
    }

    private static int maxResults(WireRequest request) {
        String text = request.query().get("maxresults");
        if (text == null || text.isEmpty()) {
            return MAX_PAGE;
        }
        try {
            int max = Integer.parseInt(text);
            if (max >= 1 && max <= MAX_PAGE) {
                return max;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw KeyVaultError.badParameter("Invalid value for maxresults: " + text + ". It must be between 1 and " + MAX_PAGE + ".");
    }

    private static ObjectNode bundle(String base, VaultSecrets.Entry entry, VaultSecrets.Version v, boolean withValue) {
        ObjectNode node = JSON.createObjectNode();
        if (withValue) {
            node.put("value", v.value);
        }
        node.put("id", base + "/secrets/" + entry.name + "/" + v.id);
        properties(node, v);
        return node;
    }

    private static ObjectNode item(String id, VaultSecrets.Version v) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        properties(node, v);
        return node;
    }

    private static ObjectNode deleted(String base, VaultSecrets.Entry entry) {
        ObjectNode node = bundle(base, entry, entry.latest(), false);
        deletion(base, entry, node);
        return node;
    }

    private static void deletion(String base, VaultSecrets.Entry entry, ObjectNode node) {
        node.put("recoveryId", base + "/deletedsecrets/" + entry.name);
        node.put("deletedDate", entry.deletedDate);
        node.put("scheduledPurgeDate", entry.deletedDate + VaultSecrets.RECOVERABLE_DAYS * 86_400L);
    }

    private static void properties(ObjectNode node, VaultSecrets.Version v) {
        if (v.contentType != null) {
            node.put("contentType", v.contentType);
        }
        ObjectNode attributes = node.putObject("attributes");
        attributes.put("enabled", v.enabled);
        if (v.notBefore != null) {
            attributes.put("nbf", v.notBefore);
        }
        if (v.expires != null) {
            attributes.put("exp", v.expires);
        }
        attributes.put("created", v.created);
        attributes.put("updated", v.updated);
        attributes.put("recoveryLevel", VaultSecrets.RECOVERY_LEVEL);
        attributes.put("recoverableDays", VaultSecrets.RECOVERABLE_DAYS);
        if (v.tags != null) {
            ObjectNode tags = node.putObject("tags");
            v.tags.forEach(tags::put);
        }
    }

    private static JsonNode body(WireRequest request) {
        if (request.body().length == 0) {
            throw KeyVaultError.badParameter("The request body is missing.");
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw KeyVaultError.badParameter("The request body must be a JSON object.");
            }
            return body;
        } catch (IOException e) {
            throw KeyVaultError.badParameter("The request body is not valid JSON.");
        }
    }

    private static VaultSecrets.Properties properties(JsonNode body) {
        Map<String, String> tags = null;
        JsonNode tagNode = body.get("tags");
        if (tagNode != null && tagNode.isObject()) {
            tags = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tagNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        }
        JsonNode attributes = body.path("attributes");
        Boolean enabled = attributes.has("enabled") && !attributes.get("enabled").isNull()
                ? attributes.get("enabled").asBoolean() : null;
        return new VaultSecrets.Properties(text(body, "contentType"), tags, enabled, seconds(attributes, "nbf"),
                seconds(attributes, "exp"));
    }

    private static Long seconds(JsonNode attributes, String field) {
        JsonNode node = attributes.get(field);
        return node == null || node.isNull() ? null : node.asLong();
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw KeyVaultError.badParameter("The request URI contains an invalid name: " + name
                    + ". Names are 1-127 characters of 0-9, a-z, A-Z and -.");
        }
        return name;
    }

    private static String[] parts(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }

    private static WireResponse notAllowed(String method, String path) {
        return error(new KeyVaultError(405, "MethodNotAllowed", "The requested resource does not support "
                + method + " " + path + "."));
    }

    private static WireResponse ok(ObjectNode body) {
        return json(200, body);
    }

    private static WireResponse error(KeyVaultError e) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.innerCode() != null) {
            error.putObject("innererror").put("code", e.innerCode());
        }
        WireResponse response = json(e.status(), body);
        return e.status() == 401 ? response.with("WWW-Authenticate", CHALLENGE) : response;
    }

    private static WireResponse json(int status, ObjectNode body) {
        try {
            return WireResponse.of(status, "application/json; charset=utf-8", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("could not write a Key Vault answer", e);
        }
    }

    private SelfSignedCertificate started() {
        SelfSignedCertificate made = certificate;
        if (made == null) {
            throw new IllegalStateException("the Key Vault server makes its certificate when it starts; start it first");
        }
        return made;
    }
}
