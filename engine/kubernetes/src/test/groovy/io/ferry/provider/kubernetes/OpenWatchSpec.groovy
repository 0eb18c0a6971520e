package io.ferry.provider.kubernetes

import com.sun.net.httpserver.HttpServer
import io.ferry.spi.ChangeFeed
import io.ferry.spi.ChangeFeed.Change
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import java.nio.charset.StandardCharsets
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.lang.Timeout

/**
 * A real API server keeps a watch open after replaying what it keeps; the {@link KubernetesApiProxy}
 * ends it instead. Here a server streams a few events and then holds the stream open, as the API
 * server does, to show that the provider stops reading at a bookmark or once the stream falls quiet.
 */
// Only a bound against a hang: the watch ends on the provider's own quiet period, long before it.
@Timeout(300)
class OpenWatchSpec extends Specification {

    HttpServer server
    final CountDownLatch released = new CountDownLatch(1)
    final List<String> asked = []

    def cleanup() {
        released.countDown()
        server?.stop(0)
    }

    /** Serves every watch with these event lines, then keeps the stream open until the test ends. */
    void serve(List<String> events) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8)
        server.createContext('/') { exchange ->
            asked << exchange.requestURI.toString()
            exchange.responseHeaders.add('Content-Type', 'application/json')
            exchange.sendResponseHeaders(200, 0)
            def out = exchange.responseBody
            events.each { out.write((it + '\n').getBytes(StandardCharsets.UTF_8)) }
            out.flush()
            released.await(5, TimeUnit.MINUTES)
            exchange.close()
        }
        server.executor = java.util.concurrent.Executors.newCachedThreadPool { r -> def t = new Thread(r); t.daemon = true; t }
        server.start()
    }

    ChangeFeed provider() {
        ProviderRegistry.load().open("k8s:open?server=http://127.0.0.1:${server.address.port}&prefix=app-",
                MockCluster.context()) as ChangeFeed
    }

    static String event(String type, String name, String version) {
        """{"type":"$type","object":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"$name","namespace":"open","resourceVersion":"$version"}}}"""
    }

    def "a watch that stays open is read until it falls quiet"() {
        given:
        serve([event('ADDED', 'app-a', '6'), event('MODIFIED', 'app-b', '7'), event('DELETED', 'other', '8')])
        def feed = provider()

        when:
        def changes = feed.changesSince('5', 100)

        then: 'the events it sent, the cursor at the last one'
        changes.changes() == [new Change('a', false), new Change('b', false)]
        changes.cursor() == '8'
        !changes.more()

        and: 'asked from the cursor, with bookmarks'
        asked == ['/api/v1/namespaces/open/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=5']

        cleanup:
        (feed as AutoCloseable)?.close()
    }

    def "a bookmark ends the changes and moves the cursor"() {
        given:
        serve([event('DELETED', 'app-a', '6'), event('BOOKMARK', '', '11'), event('ADDED', 'app-late', '12')])
        def feed = provider()

        when:
        def changes = feed.changesSince('5', 100)

        then:
        changes.changes() == [new Change('a', true)]
        changes.cursor() == '11'

        cleanup:
        (feed as AutoCloseable)?.close()
    }

    def "a stream that holds something other than watch events is refused in one line, quoting none of it"() {
        given:
        serve([event('ADDED', 'app-a', '6'), '<html>CANARY-open-watch-52e0</html>'])
        def feed = provider()

        when:
        feed.changesSince('5', 100)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.message.startsWith('Kubernetes Secrets open: the watch sent something that is not an event')
        e.message.contains('check that it is a Kubernetes API server')
        !e.message.contains('CANARY')

        cleanup:
        (feed as AutoCloseable)?.close()
    }
}
