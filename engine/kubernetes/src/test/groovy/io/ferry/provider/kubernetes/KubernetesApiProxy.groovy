package io.ferry.provider.kubernetes

import com.fasterxml.jackson.databind.ObjectMapper
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer
import io.ferry.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.WireRequest
import io.ferry.testkit.server.WireResponse
import io.ferry.testkit.server.WireServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.time.Duration
import javax.net.ssl.SSLContext

/**
 * A Kubernetes API server for tests: it forwards every request to fabric8's mock server in CRUD mode
 * and hands back its answer, and adds what the mock lacks: the {@link ServerKnobs} (latency, injected
 * faults, a quota per class of call answered as API priority and fairness does, with 429
 * {@code TooManyRequests} and Retry-After), bearer-token authentication answered with 401
 * {@code Unauthorized}, and RBAC refusals answered with 403 {@code Forbidden}, all as {@code Status}
 * objects like the real API server's.
 */
class KubernetesApiProxy extends WireServer {

    /** The Retry-After, in seconds, of a throttled answer; the API server's own default. */
    static final int RETRY_AFTER_SECONDS = 1

    private static final ObjectMapper JSON = new ObjectMapper()

    private final URI upstream
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()

    /** The bearer token every request must carry, or null to let anyone in. */
    volatile String requiredToken

    /** The classes of call on Secrets that RBAC forbids, answered with 403 Forbidden. */
    volatile Set<Operation> forbidden = [] as Set

    private final SSLContext tls

    /**
     * @param upstream the mock server's URL
     * @param knobs latency, faults and quotas
     * @param tls the server's TLS context, to speak HTTPS as API servers do; null for plain HTTP
     */
    KubernetesApiProxy(URI upstream, ServerKnobs knobs, SSLContext tls = null) {
        super('Kubernetes API', knobs)
        this.upstream = upstream
        this.tls = tls
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
            String verb = [(Operation.READ): 'get', (Operation.LIST): 'list', (Operation.WRITE): request.method().toLowerCase()][op]
            String namespace = request.path().split('/')[4]
            return status(403, 'Forbidden', "secrets is forbidden: User \"system:serviceaccount:ferry:migrator\" cannot $verb "
                    + "resource \"secrets\" in API group \"\" in the namespace \"$namespace\"", [kind: 'secrets'])
        }
        String query = request.query().collect { k, v -> encode(k) + '=' + encode(v) }.join('&')
        URI target = URI.create(upstream.toString().replaceAll('/$', '') + request.path() + (query ? '?' + query : ''))
        def body = request.body().length > 0 ? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody()
        def forward = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).method(request.method(), body)
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

    @Override
    protected WireResponse throttled(WireRequest request) {
        status(429, 'TooManyRequests', 'Too many requests, please try again later.', [retryAfterSeconds: RETRY_AFTER_SECONDS])
                .with('Retry-After', String.valueOf(RETRY_AFTER_SECONDS))
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', null)
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
