package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ChangeFeed
import io.ferry.spi.ChangeFeed.Change
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * The provider as a change feed: a cursor is a resourceVersion, and the changes since one are the
 * events a watch from it replays. The watches are served by the {@link KubernetesApiProxy} from the
 * changes it passed on to the mock (the mock itself cannot replay from a version); every change here
 * is made through the proxy, by a second provider, as another client of the cluster would.
 */
class ChangeFeedSpec extends Specification {

    @Shared
    @AutoCleanup
    MockCluster cluster = new MockCluster()
    static int namespaces

    String namespace
    SecretProvider feed
    SecretProvider writer

    def setup() {
        namespace = "watched-${namespaces++}"
        feed = cluster.open(namespace)
        writer = cluster.open(namespace)
    }

    def cleanup() {
        feed?.close()
        writer?.close()
        cluster.proxy.forbidden = [] as Set
    }

    static void put(SecretProvider p, String key, String value, Map<String, String> tags = [:]) {
        def record = SecretRecord.builder(key).text(value)
        tags.each { k, v -> record.tag(k, v) }
        p.write(record.build(), WriteCondition.upsert(), WriteOptions.none())
    }

    def "the changes since a cursor are the Secrets created, updated and deleted after it, and none before"() {
        given:
        put(writer, 'before-1', 'v1')
        put(writer, 'before-2', 'v1')
        put(writer, 'untouched', 'v1')
        def cursor = (feed as ChangeFeed).currentCursor()

        when:
        put(writer, 'before-1', 'v2')
        put(writer, 'after', 'v1')
        writer.delete('before-2', null)
        def watchesBefore = cluster.proxy.stats().answered(Operation.LIST)
        def changes = (feed as ChangeFeed).changesSince(cursor, 100)

        then: 'in the order they happened, the deletion as a deletion'
        changes.changes() == [new Change('before-1', false), new Change('after', false), new Change('before-2', true)]
        !changes.more()

        and: 'the cursor moved past them, and nothing is new since'
        Long.parseLong(changes.cursor()) > Long.parseLong(cursor)
        (feed as ChangeFeed).changesSince(changes.cursor(), 100).changes().isEmpty()

        and: 'one watch is one call of the LIST class'
        cluster.proxy.stats().answered(Operation.LIST) == watchesBefore + 2
    }

    def "a fresh cursor sees only what comes after it"() {
        given:
        put(writer, 'old', 'v1')
        writer.delete('old', null)
        def cursor = (feed as ChangeFeed).currentCursor()

        expect:
        (feed as ChangeFeed).changesSince(cursor, 100).changes().isEmpty()

        when:
        put(writer, 'new', 'v1')

        then:
        (feed as ChangeFeed).changesSince(cursor, 100).changes() == [new Change('new', false)]
    }

    def "Secrets outside the prefix or the label selector are left out, and the cursor moves past them"() {
        given:
        def scoped = cluster.open(namespace, [prefix: 'app-', labelSelector: 'team=payments'])
        def cursor = (scoped as ChangeFeed).currentCursor()

        when:
        put(writer, 'app-card', 'v', [team: 'payments'])
        put(writer, 'app-ledger', 'v', [team: 'ops'])
        put(writer, 'other', 'v', [team: 'payments'])
        def changes = (scoped as ChangeFeed).changesSince(cursor, 100)

        then:
        changes.changes() == [new Change('card', false)]
        Long.parseLong(changes.cursor()) >= Long.parseLong(cluster.direct.secrets().inNamespace(namespace).withName('other').get()
                .metadata.resourceVersion)

        cleanup:
        scoped?.close()
    }

    def "at most the limit of changes comes at once, and the rest follow from the cursor"() {
        given:
        def cursor = (feed as ChangeFeed).currentCursor()
        ['k1', 'k2', 'k3'].each { put(writer, it, 'v') }

        when:
        def first = (feed as ChangeFeed).changesSince(cursor, 2)
        def rest = (feed as ChangeFeed).changesSince(first.cursor(), 2)

        then:
        first.changes()*.key() == ['k1', 'k2']
        first.more()
        rest.changes()*.key() == ['k3']
        !rest.more()
    }

    def "a cursor older than the server keeps (410 Gone #form) is expired, and a fresh one works"() {
        given: 'a cluster of its own, since compaction forgets every namespace'
        def own = new MockCluster()
        own.proxy.expiryAsHttpStatus = asHttpStatus
        def source = own.open('expiring')
        put(source, 'k0', 'v1')
        def cursor = (source as ChangeFeed).currentCursor()
        put(source, 'k1', 'v1')
        put(source, 'k2', 'v1')
        own.proxy.compact()

        when:
        (source as ChangeFeed).changesSince(cursor, 100)

        then:
        def e = thrown(ChangeFeed.CursorExpiredException)
        e.message == "Kubernetes Secrets expiring: the API server no longer keeps changes after resourceVersion $cursor (410 Expired)"

        when: 'a cursor taken now is served again'
        def fresh = (source as ChangeFeed).currentCursor()
        put(source, 'k3', 'v1')

        then:
        (source as ChangeFeed).changesSince(fresh, 100).changes() == [new Change('k3', false)]

        cleanup:
        source?.close()
        own?.close()

        where:
        form                                | asHttpStatus
        'as an ERROR event, as API servers' | false
        'as the HTTP status'                | true
    }

    def "a watch RBAC forbids is DENIED, naming the verb to grant"() {
        given:
        def cursor = (feed as ChangeFeed).currentCursor()
        cluster.proxy.forbidden = [Operation.LIST] as Set

        when:
        (feed as ChangeFeed).changesSince(cursor, 100)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains("forbids 'watch'")
        e.message.contains("kubectl auth can-i watch secrets -n $namespace")
    }

    def "a cursor that is no resourceVersion is refused before anything is sent"() {
        when:
        (feed as ChangeFeed).changesSince(' ', 10)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'a Kubernetes change cursor is a resourceVersion, and none was given'
    }
}
