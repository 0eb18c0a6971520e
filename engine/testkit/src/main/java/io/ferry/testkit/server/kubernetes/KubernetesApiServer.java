package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import io.ferry.testkit.server.WireServer;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the Kubernetes API that a Secrets client uses, over HTTP and JSON: Secrets in
 * namespaces under {@code /api/v1} (get, list, create, update, JSON and merge patches, delete one or a
 * collection; labels and label selectors, the field selectors Secrets support; {@code resourceVersion}
 * with 409 Conflict on a stale update or precondition; list paging with {@code limit} and
 * {@code continue}; watch from a {@code resourceVersion}, with bookmarks, answered 410 Expired when
 * the changes after it are no longer kept; {@code dryRun=All}), the validation of names, data keys,
 * sizes, labels and typed Secrets, and discovery ({@code /version}, {@code /api}, {@code /api/v1},
 * {@code /apis}) so that kubectl can talk to it. Refusals are {@code Status} objects as the API server
 * sends them.
 *
 * <p>Requests carry the bearer token {@value #TOKEN}; others are answered 401. Every namespace whose
 * name is valid exists. A watch is answered with the changes kept after its version, then a BOOKMARK
 * when asked for, and then the stream ends, as a watch whose {@code timeoutSeconds} has passed does;
 * a client watches again from the bookmark. Over a quota the server answers 429
 * {@code TooManyRequests} with Retry-After, as API priority and fairness does.
 */
public final class KubernetesApiServer extends WireServer {

    /** The bearer token the server accepts, written into the kubeconfig the emulator gives. */
    public static final String TOKEN = "ferry-kubernetes-emulator-token";
    /** The Retry-After, in seconds, of a throttled answer; the API server's own default. */
    static final int RETRY_AFTER_SECONDS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRETS = Pattern.compile("^/api/v1/namespaces/([^/]+)/secrets(?:/([^/]+))?/?$");
    private static final Pattern NAMESPACE = Pattern.compile("^/api/v1/namespaces/([^/]+)/?$");

    private final SecretStore store;

    /** A server with no latency, faults or quotas. */
    public KubernetesApiServer() {
        this(new ServerKnobs());
    }

    /** @param knobs latency, faults and quotas */
    public KubernetesApiServer(ServerKnobs knobs) {
        this(knobs, Clock.systemUTC());
    }

    /**
     * @param knobs latency, faults and quotas
     * @param clock the clock of creation and managed-field times
     */
    public KubernetesApiServer(ServerKnobs knobs, Clock clock) {
        super("Kubernetes API", knobs);
        this.store = new SecretStore(clock);
    }

    /**
     * Creates an Opaque Secret, as {@code kubectl create secret generic NAME --from-literal=...} would.
     *
     * @param namespace its namespace
     * @param name its name
     * @param data its data keys and text values
     * @param labels its labels
     * @throws IllegalArgumentException naming the Secret and the API server's rule when it would refuse it
     */
    public void seed(String namespace, String name, Map<String, String> data, Map<String, String> labels) {
        if (!Validation.isNamespace(namespace)) {
            throw new IllegalArgumentException("'" + namespace + "' is not a namespace name: use at most 63 lower-case "
                    + "letters, digits and -, starting and ending with a letter or digit");
        }
        synchronized (store) {
            try {
                store.seed(namespace, name, data, labels);
            } catch (ApiStatus e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }

    /**
     * Forgets every change so far, as etcd's compaction does: a watch or a list continuation from an
     * older {@code resourceVersion} is answered 410 Expired from now on.
     */
    public void compact() {
        synchronized (store) {
            store.compact();
        }
    }

    /**
     * @param changes how many changes the watch history keeps (10,000 by default); older ones are
     *     compacted away
     * @return this server
     */
    public KubernetesApiServer historyLimit(int changes) {
        synchronized (store) {
            store.historyLimit(changes);
        }
        return this;
    }

    /** @return the cluster's current resourceVersion */
    public long resourceVersion() {
        synchronized (store) {
            return store.revision();
        }
    }

    @Override
    protected Operation classify(WireRequest request) {
        Matcher secrets = SECRETS.matcher(request.path());
        if (!secrets.matches() && !request.path().matches("^/api/v1/secrets/?$")) {
            return null;
        }
        if (request.method().equals("GET")) {
            return secrets.matches() && secrets.group(2) != null ? Operation.READ : Operation.LIST;
        }
        return Operation.WRITE;
    }

    @Override
    protected WireResponse handle(WireRequest request) {
        String path = request.path();
        try {
            if (request.method().equals("GET") && (path.equals("/version") || path.equals("/healthz")
                    || path.equals("/livez") || path.equals("/readyz"))) {
                return path.equals("/version") ? json(200, Discovery.version()) : WireResponse.of(200, "text/plain", "ok");
            }
            String authorization = request.header("Authorization");
            if (authorization == null || !authorization.equals("Bearer " + TOKEN)) {
                return new ApiStatus(401, "Unauthorized", "Unauthorized", null).toResponse();
            }
            Matcher secrets = SECRETS.matcher(path);
            if (secrets.matches()) {
                String namespace = secrets.group(1);
                if (!Validation.isNamespace(namespace)) {
                    return new ApiStatus(404, "NotFound", "namespaces \"" + namespace + "\" not found", null).toResponse();
                }
                return secrets.group(2) == null ? collection(request, namespace) : item(request, namespace, secrets.group(2));
            }
            if (path.matches("^/api/v1/secrets/?$")) {
                return request.method().equals("GET") ? collection(request, null) : notAllowed(request);
            }
            return discovery(request);
        } catch (ApiStatus e) {
            return e.toResponse();
        }
    }

    @Override
    protected WireResponse throttled(WireRequest request) {
        return new ApiStatus(429, "TooManyRequests", "Too many requests, please try again later.", null).toResponse()
                .with("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        return new ApiStatus(500, "InternalError", "Internal error occurred: etcdserver: request timed out", null)
                .toResponse();
    }

    @Override
    protected WireResponse refusedEchoing(WireRequest request, String echo) {
        return new ApiStatus(400, "BadRequest", echo, null).toResponse();
    }

    private WireResponse collection(WireRequest request, String namespace) {
        Map<String, String> query = request.query();
        LabelSelector labels = LabelSelector.parse(query.get("labelSelector"));
        FieldSelector fields = FieldSelector.parse(query.get("fieldSelector"));
        synchronized (store) {
            switch (request.method()) {
                case "GET" -> {
                    if (isTrue(query.get("watch"))) {
                        return WireResponse.of(200, "application/json", store.watch(namespace, labels, fields,
                                query.get("resourceVersion"), isTrue(query.get("allowWatchBookmarks"))));
                    }
                    return json(200, store.list(namespace, labels, fields, limit(query.get("limit")), query.get("continue")));
                }
                case "POST" -> {
                    return json(201, store.create(namespace, body(request), manager(request), dryRun(request)));
                }
                case "DELETE" -> {
                    return json(200, store.deleteCollection(namespace, labels, fields, dryRun(request)));
                }
                default -> {
                    return notAllowed(request);
                }
            }
        }
    }

    private WireResponse item(WireRequest request, String namespace, String name) {
        synchronized (store) {
            return switch (request.method()) {
                case "GET" -> json(200, store.get(namespace, name));
                case "PUT" -> json(200, store.update(namespace, name, body(request), manager(request), dryRun(request)));
                case "PATCH" -> json(200, store.patch(namespace, name, request.header("Content-Type"), body(request),
                        manager(request), dryRun(request)));
                case "DELETE" -> json(200, store.delete(namespace, name,
                        request.body().length == 0 ? null : body(request), dryRun(request)));
                default -> notAllowed(request);
            };
        }
    }

    private WireResponse discovery(WireRequest request) {
        if (!request.method().equals("GET")) {
            return notAllowed(request);
        }
        String path = request.path().replaceAll("/$", "");
        switch (path) {
            case "/api" -> {
                return json(200, Discovery.apiVersions(port()));
            }
            case "/api/v1" -> {
                return json(200, Discovery.resources());
            }
            case "/apis" -> {
                return json(200, Discovery.groups());
            }
            case "/api/v1/namespaces" -> {
                ObjectNode list = JSON.createObjectNode().put("kind", "NamespaceList").put("apiVersion", "v1");
                ArrayNode items = list.putArray("items");
                synchronized (store) {
                    list.putObject("metadata").put("resourceVersion", String.valueOf(store.revision()));
                    store.namespaces().forEach(ns -> items.add(Discovery.namespace(ns)));
                }
                return json(200, list);
            }
            default -> {
            }
        }
        Matcher namespace = NAMESPACE.matcher(path);
        if (namespace.matches() && Validation.isNamespace(namespace.group(1))) {
            return json(200, Discovery.namespace(namespace.group(1)));
        }
        return new ApiStatus(404, "NotFound", "the server could not find the requested resource", null).toResponse();
    }

    private static WireResponse notAllowed(WireRequest request) {
        return new ApiStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                null).toResponse();
    }

    private static JsonNode body(WireRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            if (body == null) {
                throw ApiStatus.badRequest("the request has no body; send the object as JSON");
            }
            return body;
        } catch (JsonProcessingException e) {
            // Not the parser's message: it may quote the body, and a Secret's body holds its data.
            throw ApiStatus.badRequest("the body of the request is not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw ApiStatus.badRequest("the body of the request cannot be read");
        }
    }

    private static long limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(limit));
        } catch (NumberFormatException e) {
            throw ApiStatus.badRequest("limit must be a whole number, not '" + limit + "'");
        }
    }

    /** The field manager: the {@code fieldManager} parameter, else the user agent's product name, as the API server takes it. */
    private static String manager(WireRequest request) {
        String manager = request.query().get("fieldManager");
        if (manager != null && !manager.isEmpty()) {
            return manager;
        }
        String agent = request.header("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "unknown";
        }
        int slash = agent.indexOf('/');
        return slash > 0 ? agent.substring(0, slash) : agent.trim();
    }

    private static boolean dryRun(WireRequest request) {
        String dryRun = request.query().get("dryRun");
        if (dryRun == null || dryRun.isEmpty()) {
            return false;
        }
        if (!dryRun.equals("All")) {
            throw ApiStatus.badRequest("dryRun takes the value All, not '" + dryRun + "'");
        }
        return true;
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    private static WireResponse json(int status, JsonNode body) {
        return WireResponse.of(status, "application/json", body.toString());
    }
}
