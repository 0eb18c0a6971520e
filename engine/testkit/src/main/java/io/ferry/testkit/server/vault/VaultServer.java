package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * HashiCorp Vault's HTTP API under {@code /v1/}, enough for a KV client: the KV secrets engine in
 * versions 1 and 2 (by default {@code secret/} is version 2 and {@code kv1/} version 1),
 * {@code sys/mounts} and {@code sys/internal/ui/mounts/PATH} to find a mount and its version,
 * {@code sys/health}, token
 * authentication ({@code X-Vault-Token}, with {@code auth/token/lookup-self}), AppRole and Kubernetes
 * logins issuing tokens that expire, namespaces ({@code X-Vault-Namespace}: each has its own mounts
 * and secrets), a sealed state, and Vault's envelopes and {@code {"errors":[...]}} bodies.
 *
 * <p>A listing is a {@code LIST} request or a {@code GET} with {@code list=true}. Over a quota the
 * server answers 429 with Retry-After, as Vault does when rate-limit quotas are configured. The dev
 * root token {@value #ROOT_TOKEN} is always accepted.
 */
public final class VaultServer extends WireServer {

    /** The token that never expires, as {@code vault server -dev -dev-root-token-id=root} gives. */
    public static final String ROOT_TOKEN = "root";

    private final Object lock = new Object();
    private final Clock clock;
    private final VaultTokens tokens;
    private final Map<String, Integer> mountTemplate = new LinkedHashMap<>();
    private final Map<String, Map<String, KvMount>> namespaces = new LinkedHashMap<>();
    private volatile boolean sealed;
    private SSLContext tls;

    /** A server with no latency, faults or quotas. */
    public VaultServer() {
        this(new ServerKnobs());
    }

    /** @param knobs latency, faults and quotas */
    public VaultServer(ServerKnobs knobs) {
        this(knobs, Clock.systemUTC());
    }

    /**
     * @param knobs latency, faults and quotas
     * @param clock the clock for timestamps and token expiry, which a test may move
     */
    public VaultServer(ServerKnobs knobs, Clock clock) {
        super("vault", knobs);
        this.clock = clock;
        this.tokens = new VaultTokens(clock);
        tokens.add(ROOT_TOKEN, null, "root", List.of("root"));
        mountTemplate.put("secret/", 2);
        mountTemplate.put("kv1/", 1);
    }

    /**
     * Serves HTTPS with the given server certificate instead of HTTP, as a production Vault does;
     * call before {@link #start}.
     *
     * @param context the server's TLS context, holding its key and certificate
     * @return this server
     */
    public synchronized VaultServer https(SSLContext context) {
        this.tls = context;
        return this;
    }

    @Override
    protected synchronized HttpServer bind(InetSocketAddress address) throws IOException {
        if (tls == null) {
            return super.bind(address);
        }
        HttpsServer server = HttpsServer.create(address, 128);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    @Override
    protected synchronized String scheme() {
        return tls == null ? "http" : "https";
    }

    /**
     * Mounts a KV engine in every namespace, present and future.
     *
     * @param path the mount path, such as {@code kv/team}
     * @param version 1 or 2
     * @return this server
     */
    public VaultServer mount(String path, int version) {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("a KV mount is version 1 or 2, not " + version);
        }
        String normalized = KvMount.folder(path);
        synchronized (lock) {
            mountTemplate.put(normalized, version);
            namespaces.values().forEach(mounts -> mounts.put(normalized, newMount(normalized, version)));
        }
        return this;
    }

    /**
     * @param token a token to accept
     * @param ttl how long it lives, or null for ever
     * @return this server
     */
    public VaultServer token(String token, Duration ttl) {
        synchronized (lock) {
            tokens.add(token, ttl, "token", List.of("default"));
        }
        return this;
    }

    /**
     * @param roleId an AppRole role id that {@code auth/approle/login} accepts
     * @param secretId its secret id
     * @return this server
     */
    public VaultServer appRole(String roleId, String secretId) {
        synchronized (lock) {
            tokens.appRole(roleId, secretId);
        }
        return this;
    }

    /**
     * @param role a role that {@code auth/kubernetes/login} accepts
     * @param jwt the service account token that logs in to it
     * @return this server
     */
    public VaultServer kubernetesRole(String role, String jwt) {
        synchronized (lock) {
            tokens.kubernetesRole(role, jwt);
        }
        return this;
    }

    /**
     * @param ttl how long tokens issued by logins live
     * @return this server
     */
    public VaultServer loginTtl(Duration ttl) {
        synchronized (lock) {
            tokens.loginTtl(ttl);
        }
        return this;
    }

    /**
     * @param sealed whether Vault is sealed, answering every request with 503
     * @return this server
     */
    public VaultServer sealed(boolean sealed) {
        this.sealed = sealed;
        return this;
    }

    /**
     * Writes a secret into the root namespace as {@code vault kv put} would, then its custom metadata,
     * for {@code ferry emulate vault --seed}.
     *
     * @param mount a KV version 2 mount's path, such as {@code secret/}
     * @param key the secret's path inside the mount
     * @param fields its data
     * @param customMetadata its custom metadata, possibly none
     * @throws IllegalArgumentException naming the key and Vault's answer when Vault would refuse it
     */
    public void seed(String mount, String key, Map<String, String> fields, Map<String, String> customMetadata) {
        ObjectNode data = VaultJson.object();
        fields.forEach(data::put);
        ObjectNode body = VaultJson.object();
        body.set("data", data);
        synchronized (lock) {
            KvMount kv = mounts("").get(KvMount.folder(mount));
            if (!(kv instanceof KvV2Mount)) {
                throw new IllegalArgumentException("'" + mount + "' is not a KV version 2 mount");
            }
            check(key, kv.handle("POST", "data/" + key, seedRequest(mount + "data/" + key, body)));
            if (!customMetadata.isEmpty()) {
                ObjectNode metadata = VaultJson.object();
                customMetadata.forEach(metadata.putObject("custom_metadata")::put);
                check(key, kv.handle("POST", "metadata/" + key, seedRequest(mount + "metadata/" + key, metadata)));
            }
        }
    }

    private static WireRequest seedRequest(String path, ObjectNode body) {
        return new WireRequest("POST", "/v1/" + path, Map.of(), Map.of("x-vault-token", List.of(ROOT_TOKEN)),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void check(String key, WireResponse answer) {
        if (answer.status() >= 300) {
            JsonNode errors = VaultJson.parseObject(answer.body()).get("errors");
            throw new IllegalArgumentException("vault cannot hold seed secret '" + key + "': " + answer.status()
                    + (errors == null ? "" : " " + errors));
        }
    }

    /**
     * @param namespace the namespace, empty for the root one
     * @param mount the KV version 2 mount's path
     * @param key the secret's path inside the mount
     * @return its version numbers, oldest first; empty when there is no such secret
     */
    public List<Integer> versions(String namespace, String mount, String key) {
        synchronized (lock) {
            KvMount m = mounts(namespace).get(KvMount.folder(mount));
            if (!(m instanceof KvV2Mount v2)) {
                throw new IllegalArgumentException("'" + mount + "' is not a KV version 2 mount");
            }
            return v2.versionNumbers(key);
        }
    }

    @Override
    protected Operation classify(WireRequest request) {
        String path = request.path();
        if (!path.startsWith("/v1/") || path.startsWith("/v1/sys/") || path.startsWith("/v1/auth/")) {
            return null;
        }
        return switch (method(request)) {
            case "LIST" -> Operation.LIST;
            case "GET" -> Operation.READ;
            default -> Operation.WRITE;
        };
    }

    @Override
    protected WireResponse handle(WireRequest request) {
        if (request.path().equals("/v1/sys/health")) {
            return health();
        }
        if (sealed) {
            return VaultJson.errors(503, "Vault is sealed");
        }
        if (!request.path().startsWith("/v1/")) {
            return VaultJson.errors(404);
        }
        String path = request.path().substring("/v1/".length());
        String method = method(request);
        String namespace = namespace(request);
        synchronized (lock) {
            switch (path) {
                case "auth/approle/login" -> {
                    return method.equals("POST") || method.equals("PUT") ? appRoleLogin(request) : KvMount.unsupported();
                }
                case "auth/kubernetes/login" -> {
                    return method.equals("POST") || method.equals("PUT") ? kubernetesLogin(request) : KvMount.unsupported();
                }
                default -> {
                }
            }
            VaultTokens.Token token = tokens.valid(request.header("X-Vault-Token"));
            if (token == null) {
                return VaultJson.errors(403, "permission denied");
            }
            if (path.equals("auth/token/lookup-self")) {
                return VaultJson.ok(tokens.lookup(token));
            }
            if (path.equals("sys/mounts")) {
                return mountsTable(namespace);
            }
            if (path.startsWith("sys/internal/ui/mounts/")) {
                return mountOf(namespace, path.substring("sys/internal/ui/mounts/".length()));
            }
            KvMount mount = mountFor(namespace, path);
            if (mount == null) {
                return VaultJson.errors(404, "no handler for route \"" + path + "\". route entry not found.");
            }
            String rest = path.length() <= mount.path().length() ? "" : path.substring(mount.path().length());
            return mount.handle(method, rest, request);
        }
    }

    @Override
    protected WireResponse throttled(WireRequest request) {
        String path = request.path().startsWith("/v1/") ? request.path().substring(4) : request.path();
        return VaultJson.errors(429, "request path \"" + path + "\": rate limit quota exceeded").with("Retry-After", "1");
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        return VaultJson.errors(500, "1 error occurred:\n\t* internal error\n\n");
    }

    @Override
    protected WireResponse refusedEchoing(WireRequest request, String echo) {
        return VaultJson.errors(400, echo);
    }

    private static String method(WireRequest request) {
        if (request.method().equals("LIST")
                || (request.method().equals("GET") && "true".equals(request.query().get("list")))) {
            return "LIST";
        }
        return request.method();
    }

    private static String namespace(WireRequest request) {
        String ns = request.header("X-Vault-Namespace");
        if (ns == null) {
            return "";
        }
        return KvMount.folder(ns.startsWith("/") ? ns.substring(1) : ns);
    }

    private Map<String, KvMount> mounts(String namespace) {
        return namespaces.computeIfAbsent(KvMount.folder(namespace), ns -> {
            Map<String, KvMount> mounts = new LinkedHashMap<>();
            mountTemplate.forEach((path, version) -> mounts.put(path, newMount(path, version)));
            return mounts;
        });
    }

    private KvMount newMount(String path, int version) {
        return version == 2 ? new KvV2Mount(path, clock) : new KvV1Mount(path);
    }

    private KvMount mountFor(String namespace, String path) {
        String probe = path.endsWith("/") ? path : path + "/";
        KvMount best = null;
        for (KvMount mount : mounts(namespace).values()) {
            if (probe.startsWith(mount.path()) && (best == null || mount.path().length() > best.path().length())) {
                best = mount;
            }
        }
        return best;
    }

    private WireResponse mountsTable(String namespace) {
        ObjectNode data = VaultJson.object();
        mounts(namespace).forEach((path, mount) -> data.set(path, mount.describe()));
        ObjectNode body = VaultJson.object();
        data.fields().forEachRemaining(e -> body.set(e.getKey(), e.getValue()));
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        body.set("data", data);
        body.putNull("wrap_info");
        body.putNull("warnings");
        body.putNull("auth");
        return VaultJson.json(200, body);
    }

    private WireResponse mountOf(String namespace, String path) {
        KvMount mount = mountFor(namespace, path);
        if (mount == null) {
            return VaultJson.errors(400, "no mount found for path \"" + path + "\"");
        }
        ObjectNode data = mount.describe();
        data.put("path", mount.path());
        return VaultJson.ok(data);
    }

    /** {@code sys/health}, which needs no token: 200 when unsealed, 503 when sealed. */
    private WireResponse health() {
        ObjectNode body = VaultJson.object();
        body.put("initialized", true);
        body.put("sealed", sealed);
        body.put("standby", false);
        body.put("performance_standby", false);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", clock.instant().getEpochSecond());
        body.put("version", "1.15.0");
        body.put("cluster_name", "vault-cluster-ferry");
        return VaultJson.json(sealed ? 503 : 200, body);
    }

    private WireResponse appRoleLogin(WireRequest request) {
        ObjectNode body = VaultJson.parseObject(request.body());
        String roleId = text(body, "role_id");
        if (roleId == null || roleId.isEmpty()) {
            return VaultJson.errors(400, "missing role_id");
        }
        if (!tokens.appRoleMatches(roleId, text(body, "secret_id"))) {
            return VaultJson.errors(400, "invalid role or secret ID");
        }
        return VaultJson.login(tokens.issue("approle", Map.of("role_name", roleId)));
    }

    private WireResponse kubernetesLogin(WireRequest request) {
        ObjectNode body = VaultJson.parseObject(request.body());
        String role = text(body, "role");
        if (!tokens.kubernetesRoleKnown(role)) {
            return VaultJson.errors(400, "invalid role name \"" + role + "\"");
        }
        if (!tokens.kubernetesJwtMatches(role, text(body, "jwt"))) {
            return VaultJson.errors(403, "permission denied");
        }
        return VaultJson.login(tokens.issue("kubernetes-" + role, Map.of("role", role)));
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
