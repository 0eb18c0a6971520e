package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ChangeFeed
import io.ferry.spi.ChangeFeed.Change
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * What the contract does not cover, through the adapter against {@code ferry emulate kubernetes}'s
 * server: the change feed over its watches (bookmarks, selectors, 410 Expired), listing in server
 * pages, and a write at a stale resourceVersion.
 */
class EmulatorChangeFeedSpec extends Specification {

    @Shared
    @AutoCleanup
    EmulatorCluster cluster = new EmulatorCluster()
    static int namespaces

    String namespace
    SecretProvider feed
    SecretProvider writer

    def setup() {
        namespace = "emulated-${namespaces++}"
        feed = cluster.open(namespace)
        writer = cluster.open(namespace)
    }

    def cleanup() {
        feed?.close()
        writer?.close()
    }

    static void put(SecretProvider p, String key, String value, Map<String, String> tags = [:]) {
        def record = SecretRecord.builder(key).text(value)
        tags.each { k, v -> record.tag(k, v) }
        p.write(record.build(), WriteCondition.upsert(), WriteOptions.none())
    }

    def "the changes since a cursor are the Secrets created, updated and deleted after it, in order"() {
        given:
        put(writer, 'before', 'v1')
        put(writer, 'gone', 'v1')
        def cursor = (feed as ChangeFeed).currentCursor()

        when:
        put(writer, 'before', 'v2')
        put(writer, 'after', 'v1')
        writer.delete('gone', null)
        def changes = (feed as ChangeFeed).changesSince(cursor, 100)

        then:
        changes.changes() == [new Change('before', false), new Change('after', false), new Change('gone', true)]
        !changes.more()
        (feed as ChangeFeed).changesSince(changes.cursor(), 100).changes().isEmpty()
    }

    def "a label selector narrows the changes, and the cursor moves past the rest"() {
        given:
        def scoped = cluster.open(namespace, [labelSelector: 'team=payments'])
        def cursor = (scoped as ChangeFeed).currentCursor()

        when:
        put(writer, 'card', 'v', [team: 'payments'])
        put(writer, 'ledger', 'v', [team: 'ops'])
        def changes = (scoped as ChangeFeed).changesSince(cursor, 100)

        then:
        changes.changes() == [new Change('card', false)]
        Long.parseLong(changes.cursor()) == cluster.server.resourceVersion()

        cleanup:
        scoped?.close()
    }

    def "a cursor from before the server's compaction is expired"() {
        given:
        def own = new EmulatorCluster()
        def source = own.open('expiring')
        put(source, 'k0', 'v1')
        def cursor = (source as ChangeFeed).currentCursor()
        put(source, 'k1', 'v1')
        own.server.compact()

        when:
        (source as ChangeFeed).changesSince(cursor, 100)

        then:
        def e = thrown(ChangeFeed.CursorExpiredException)
        e.message.contains('410')

        cleanup:
        source?.close()
        own?.close()
    }

    def "a listing in pages of #pageSize returns every key once, in order"() {
        given:
        def keys = (1..9).collect { "key-$it".toString() }
        keys.reverse().each { put(writer, it, 'v') }

        when:
        def seen = []
        String token = null
        while (true) {
            def page = feed.list(null, token, pageSize)
            seen.addAll(page.items()*.key())
            token = page.nextToken()
            if (token == null) {
                break
            }
        }

        then:
        seen == keys

        where:
        pageSize << [1, 4, 100]
    }

    def "an if-version write at a stale resourceVersion fails with CONFLICT"() {
        given:
        def first = writer.write(SecretRecord.ofText('versioned', 'v1'), WriteCondition.createOnly(), WriteOptions.none())
        put(writer, 'versioned', 'v2')

        when:
        feed.write(SecretRecord.ofText('versioned', 'v3'), WriteCondition.ifVersion(first.version()), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        feed.read('versioned').get().value().text() == 'v2'
    }
}
