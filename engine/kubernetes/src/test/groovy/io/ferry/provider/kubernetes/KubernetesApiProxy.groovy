package io.ferry.provider.kubernetes

import com.fasterxml.jackson.databind.ObjectMapper
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.WireRequest
import io.ferry.testkit.server.WireResponse
import io.ferry.testkit.server.WireServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.time.Duration
import java.util.function.LongSupplier
import javax.net.ssl.SSLContext

/**
 * A Kubernetes API server for tests: it forwards every request to fabric8's mock server in CRUD mode
 * and hands back its answer, and adds what the mock lacks: the {@link ServerKnobs} (latency, injected
 * faults, a quota per class of call answered as API priority and fairness does, with 429
 * {@code TooManyRequests} and Retry-After), bearer-token authentication answered with 401
 * {@code Unauthorized}, and RBAC refusals answered with 403 {@code Forbidden}, all as {@code Status}
 * objects like the real API server's.
 *
 * <p>It also serves watches on Secrets from a {@code resourceVersion}, which the mock cannot: the mock
 * watches over WebSocket only, starts every watch with the whole collection whatever version is
 * asked for, and never answers 410. The proxy keeps what the API server's watch cache keeps, every
 * change to Secrets it passed on to the mock (changes made straight to the mock are not seen), and
 * answers a watch with the changes after the version asked for, then a BOOKMARK at the latest version
 * and the end of the stream, as a watch whose time is up ends. A deletion takes a resourceVersion of
 * its own, as on a real server (the mock keeps the deleted Secret's). {@link #compact} forgets the
 * history as etcd's compaction does; a watch from before it is answered, as the API server answers,
 * with HTTP 200 and an ERROR event holding a 410 {@code Expired} Status.
 */
class KubernetesApiProxy extends WireServer {

    /** The Retry-After, in seconds, of a throttled answer; the API server's own default. */
    static final int RETRY_AFTER_SECONDS = 1

    private static final ObjectMapper JSON = new ObjectMapper()

    private final URI upstream
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMinutes(1))
            .build()

    /** The bearer token every request must carry, or null to let anyone in. */
    volatile String requiredToken

    /** The classes of call on Secrets that RBAC forbids, answered with 403 Forbidden. */
    volatile Set<Operation> forbidden = [] as Set

    /**
     * Whether a watch from a compacted version is refused with the HTTP status 410 rather than an
     * ERROR event in a 200 stream; some proxies in front of API servers answer so.
     */
    volatile boolean expiryAsHttpStatus

    private final SSLContext tls
    private final LongSupplier revisions
    /** The changes to Secrets passed on, oldest first: [namespace, type, object, version]. */
    private final List<Map> history = []
    private long compactedBefore

    /**
     * @param upstream the mock server's URL
     * @param knobs latency, faults and quotas
     * @param tls the server's TLS context, to speak HTTPS as API servers do; null for plain HTTP
     * @param revisions draws the mock's next resourceVersion, for deletions
     */
    KubernetesApiProxy(URI upstream, ServerKnobs knobs, SSLContext tls, LongSupplier revisions) {
        super('Kubernetes API', knobs)
        this.upstream = upstream
        this.tls = tls
        this.revisions = revisions
    }

    /**
     * Forgets every change before the latest, as etcd's compaction does: a watch from an older
     * version is answered 410 Expired from now on.
     */
    void compact() {
        synchronized (history) {
            compactedBefore = latestVersion()
            history.removeIf { (it.version as long) < compactedBefore }
        }
    }

    @Override
    protected HttpServer bind(InetSocketAddress address) throws IOException {
        if (tls == null) {
            return super.bind(address)
        }
        def server = HttpsServer.create(address, 128)
        server.httpsConfigurator = new HttpsConfigurator(tls)
        server
    }

    @Override
    protected String scheme() {
        tls == null ? 'http' : 'https'
    }

    @Override
    protected Operation classify(WireRequest request) {
        def secrets = request.path() =~ '^/api/v1/namespaces/[^/]+/secrets(/[^/]+)?$'
        if (!secrets.matches()) {
            return null
        }
        if (request.method() == 'GET') {
            return secrets.group(1) ? Operation.READ : Operation.LIST
        }
        Operation.WRITE
    }

    @Override
    protected WireResponse handle(WireRequest request) {
        String token = requiredToken
        if (token != null && request.header('Authorization') != "Bearer $token".toString()) {
            return status(401, 'Unauthorized', 'Unauthorized', null)
        }
        Operation op = classify(request)
        if (op != null && op in forbidden) {
            String verb = [(Operation.READ): 'get', (Operation.LIST): isWatch(request) ? 'watch' : 'list',
                           (Operation.WRITE): request.method().toLowerCase()][op]
            String namespace = request.path().split('/')[4]
            return status(403, 'Forbidden', "secrets is forbidden: User \"system:serviceaccount:ferry:migrator\" cannot $verb "
                    + "resource \"secrets\" in API group \"\" in the namespace \"$namespace\"", [kind: 'secrets'])
        }
        def secrets = request.path() =~ '^/api/v1/namespaces/([^/]+)/secrets(/[^/]+)?$'
        if (!secrets.matches()) {
            return forward(request)
        }
        String namespace = secrets.group(1)
        if (request.method() == 'GET') {
            return isWatch(request) && secrets.group(2) == null ? watch(namespace, request) : forward(request)
        }
        synchronized (history) {
            WireResponse answer = forward(request)
            record(namespace, request.method(), answer)
            answer
        }
    }

    private WireResponse forward(WireRequest request) {
        String query = request.query().collect { k, v -> encode(k) + '=' + encode(v) }.join('&')
        URI target = URI.create(upstream.toString().replaceAll('/$', '') + request.path() + (query ? '?' + query : ''))
        def body = request.body().length > 0 ? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody()
        def forward = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5)).method(request.method(), body)
        ['Content-Type', 'Accept'].each { name ->
            String value = request.header(name)
            if (value != null) {
                forward.header(name, value)
            }
        }
        HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray())
        Map<String, String> headers = [:]
        answer.headers().firstValue('content-type').ifPresent { headers['Content-Type'] = it }
        new WireResponse(answer.statusCode(), headers, answer.body())
    }

    private static boolean isWatch(WireRequest request) {
        request.query().watch == 'true'
    }

    private void record(String namespace, String method, WireResponse answer) {
        if (answer.status() < 200 || answer.status() >= 300) {
            return
        }
        Map object = JSON.readValue(answer.body(), Map)
        if (object.kind != 'Secret') {
            return
        }
        if (method == 'DELETE') {
            object.metadata.resourceVersion = String.valueOf(revisions.asLong)
        }
        String type = method == 'POST' ? 'ADDED' : method == 'DELETE' ? 'DELETED' : 'MODIFIED'
        history << [namespace: namespace, type: type, object: object, version: Long.parseLong(object.metadata.resourceVersion as String)]
    }

    private long latestVersion() {
        history ? history[-1].version as long : compactedBefore
    }

    private WireResponse watch(String namespace, WireRequest request) {
        String from = request.query().resourceVersion
        String selector = request.query().labelSelector
        List<Map> events = []
        long bookmark
        if (!from || from == '0') {
            Map listed = JSON.readValue(forward(new WireRequest('GET', request.path(), selector ? [labelSelector: selector] : [:],
                    request.headers(), new byte[0])).body(), Map)
            listed.items.each { events << [type: 'ADDED', object: it + [kind: 'Secret', apiVersion: 'v1']] }
            bookmark = Long.parseLong(listed.metadata.resourceVersion as String)
        } else {
            long since = Long.parseLong(from)
            synchronized (history) {
                if (since < compactedBefore) {
                    return expired(from)
                }
                history.findAll { it.namespace == namespace && (it.version as long) > since && selects(selector, it.object as Map) }
                        .each { events << [type: it.type, object: it.object] }
                bookmark = Math.max(since, latestVersion())
            }
        }
        events << [type: 'BOOKMARK', object: [kind: 'Secret', apiVersion: 'v1', metadata: [resourceVersion: String.valueOf(bookmark)]]]
        WireResponse.of(200, 'application/json', events.collect { JSON.writeValueAsString(it) + '\n' }.join(''))
    }

    private WireResponse expired(String from) {
        String message = "too old resource version: $from ($compactedBefore)"
        if (expiryAsHttpStatus) {
            return status(410, 'Expired', message, null)
        }
        Map error = [type: 'ERROR', object: [kind: 'Status', apiVersion: 'v1', metadata: [:], status: 'Failure', message: message,
                                             reason: 'Expired', code: 410]]
        WireResponse.of(200, 'application/json', JSON.writeValueAsString(error) + '\n')
    }

    /** Equality-based selectors only ({@code a=b}, {@code a==b}, {@code a!=b}, {@code a}, {@code !a}), which is what the tests use. */
    private static boolean selects(String selector, Map object) {
        if (!selector) {
            return true
        }
        Map labels = (object.metadata?.labels ?: [:]) as Map
        selector.split(',')*.trim().every { String term ->
            if (term.contains('!=')) {
                def (k, v) = term.split('!=', 2)*.trim()
                return labels[k] != v
            }
            if (term.contains('=')) {
                def (k, v) = term.split('==?', 2)*.trim()
                return labels[k] == v
            }
            term.startsWith('!') ? !labels.containsKey(term.substring(1)) : labels.containsKey(term)
        }
    }

    @Override
    protected WireResponse throttled(WireRequest request) {
        status(429, 'TooManyRequests', 'Too many requests, please try again later.', [retryAfterSeconds: RETRY_AFTER_SECONDS])
                .with('Retry-After', String.valueOf(RETRY_AFTER_SECONDS))
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', null)
    }

    /** As an admission webhook that quotes the object it refuses: in the message and in each cause. */
    protected WireResponse refusedEchoing(WireRequest request, String echo) {
        status(422, 'Invalid', echo, [kind: 'secrets', causes: [[reason: 'FieldValueInvalid', message: echo, field: echo]]])
    }

    private static WireResponse status(int code, String reason, String message, Map details) {
        def status = [kind: 'Status', apiVersion: 'v1', metadata: [:], status: 'Failure', message: message, reason: reason]
        if (details != null) {
            status.details = details
        }
        status.code = code
        WireResponse.of(code, 'application/json', JSON.writeValueAsString(status))
    }

    private static String encode(String s) {
        URLEncoder.encode(s, StandardCharsets.UTF_8)
    }
}
