package io.ferry.testkit.server

import io.ferry.spi.pacing.RateLimiter.Operation
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification

/** The knobs every wire server shares, on a server that echoes what it was sent. */
class WireServerSpec extends Specification {

    static class EchoServer extends WireServer {
        EchoServer(ServerKnobs knobs) {
            super('echo', knobs)
        }

        protected Operation classify(WireRequest request) {
            request.path() == '/challenge' ? null : request.method() == 'GET' ? Operation.READ : Operation.WRITE
        }

        protected WireResponse handle(WireRequest request) {
            WireResponse.of(200, 'text/plain', "${request.method()} ${request.path()} ${request.query()} ${request.text()}")
                    .with('X-Header-Seen', request.header('x-test') ?: '')
        }

        protected WireResponse throttled(WireRequest request) {
            WireResponse.of(429, 'text/plain', 'slow down').with('Retry-After', '1')
        }

        protected WireResponse serverError(WireRequest request) {
            WireResponse.of(503, 'text/plain', 'unavailable')
        }

        protected WireResponse refusedEchoing(WireRequest request, String echo) {
            WireResponse.of(400, 'text/plain', echo)
        }
    }

    ServerKnobs knobs = new ServerKnobs()
    @AutoCleanup
    EchoServer server = new EchoServer(knobs).start(0) as EchoServer
    /** Only bounds against a hang: a loaded machine may take many seconds to answer, and that is no failure. */
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMinutes(1)).build()

    HttpResponse<String> send(String method, String path, String body = '') {
        def request = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header('X-Test', 'yes')
                .method(method, body ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
                .build()
        client.send(request, HttpResponse.BodyHandlers.ofString())
    }

    def "a request reaches the store with its method, path, decoded query, headers and body"() {
        when:
        def response = send('PUT', '/secrets/a%20b?api-version=7.4&x=1', 'payload')

        then:
        response.statusCode() == 200
        response.body() == 'PUT /secrets/a b [api-version:7.4, x:1] payload'
        response.headers().firstValue('X-Header-Seen').get() == 'yes'
        server.stats().answered(Operation.WRITE) == 1
        server.stats().requests() == 1
        server.endpoint().toString() ==~ /http:\/\/127\.0\.0\.1:\d+/
    }

    def "past the quota the store's own throttling answer comes back, and other classes are not counted against it"() {
        given:
        knobs.quota(Operation.WRITE, 2)

        when:
        def writes = (1..6).collect { send('POST', '/w').statusCode() }
        def reads = (1..6).collect { send('GET', '/r').statusCode() }

        then:
        writes.count(429) >= 3
        writes.count(200) >= 1
        reads.every { it == 200 }
        server.stats().throttled() == writes.count(429)
        server.stats().answered(Operation.WRITE) == writes.count(200)
    }

    def "requests no quota applies to, such as an authentication challenge, are never throttled"() {
        given:
        knobs.quota(Operation.WRITE, 1).quota(Operation.READ, 1)

        expect:
        (1..5).every { send('GET', '/challenge').statusCode() == 200 }
    }

    def "an injected server error answers with the store's failure response at the given rate"() {
        given:
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)

        when:
        def response = send('GET', '/r')

        then:
        response.statusCode() == 503
        server.stats().faults() == 1

        when: 'the store comes back'
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 0)

        then:
        send('GET', '/r').statusCode() == 200
    }

    def "a dropped connection gives the client an I/O error, not an answer"() {
        given:
        knobs.faults(ServerKnobs.Fault.DROP_CONNECTION, 1.0)

        when:
        send('GET', '/r')

        then: 'the JDK client repeats an idempotent request once on a dropped connection, so both were dropped'
        thrown(IOException)
        server.stats().faults() >= 1
        server.stats().answered(Operation.READ) == 0
    }

    def "a timeout holds the request past the client's patience"() {
        given:
        // Held far longer than the client waits, so that a slow machine cannot let the hold end first.
        knobs.faults(ServerKnobs.Fault.TIMEOUT, 1.0).timeoutDelay(Duration.ofMinutes(10))
        def request = HttpRequest.newBuilder(server.endpoint().resolve('/r')).timeout(Duration.ofMillis(300)).GET().build()

        when:
        client.send(request, HttpResponse.BodyHandlers.ofString())

        then:
        thrown(java.net.http.HttpTimeoutException)
    }

    def "latency delays every answer by at least the fixed part"() {
        given:
        knobs.latency(Duration.ofMillis(150), Duration.ofMillis(20))

        when:
        long start = System.nanoTime()
        send('GET', '/r')
        long elapsed = System.nanoTime() - start

        then:
        elapsed >= Duration.ofMillis(150).toNanos()
    }

    def "knobs are read from options as ferry emulate takes them, and a wrong one names the knobs"() {
        when:
        def parsed = ServerKnobs.parse(['latency': '20ms', 'jitter': '1.5s', 'fault': 'drop-connection', 'fault-rate': '0.25',
                                        'quota-write': '50', 'quota-read': '100'])

        then:
        parsed.latency() == Duration.ofMillis(20)
        parsed.jitter() == Duration.ofMillis(1500)
        parsed.fault() == ServerKnobs.Fault.DROP_CONNECTION
        parsed.faultRate() == 0.25d
        parsed.quota(Operation.WRITE) == 50d
        parsed.quota(Operation.READ) == 100d
        parsed.quota(Operation.LIST) == 0d

        when:
        ServerKnobs.parse([(name): value])

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(expected)

        where:
        name         | value   || expected
        'latency'    | 'soon'  || 'such as 20ms'
        'fault'      | 'fire'  || 'server-error, drop-connection or timeout'
        'fault-rate' | '-1'    || 'at least 0'
        'speed'      | '1'     || 'the knobs are latency'
    }

    def "a second start of a running server is refused, naming where it runs"() {
        when:
        server.start(0)

        then:
        def e = thrown(IllegalStateException)
        e.message.contains(server.endpoint().toString())
    }
}
