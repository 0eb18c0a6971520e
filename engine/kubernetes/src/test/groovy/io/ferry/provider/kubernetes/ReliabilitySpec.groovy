package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import java.util.concurrent.ConcurrentLinkedQueue
import spock.lang.Specification

/** The adapter under a throttling, failing or flaky API server: calls complete, nothing is written twice or lost. */
class ReliabilitySpec extends Specification {

    def "a throttling storm: with a write quota of 5 a second, 40 writes land exactly once and every 429 is honoured"() {
        given:
        def knobs = new ServerKnobs().quota(Operation.WRITE, 5)
        def cluster = new MockCluster(knobs)
        def provider = cluster.open('storm')
        def failures = new ConcurrentLinkedQueue<Throwable>()

        when: 'four workers write ten Secrets each, the limiter starting at its default of 50 a second'
        (0..<4).collect { t ->
            Thread.start {
                (0..<10).each { i ->
                    try {
                        provider.write(SecretRecord.ofText("storm-$t-$i", "v-$t-$i"), WriteCondition.createOnly(), WriteOptions.none())
                    } catch (Throwable e) {
                        failures << e
                    }
                }
            }
        }*.join()

        then: 'every write landed, and reached the store exactly once'
        failures.isEmpty()
        cluster.direct.secrets().inNamespace('storm').list().items.size() == 40
        cluster.proxy.stats().answered(Operation.WRITE) == 40

        and: 'the server throttled, the limiter saw each 429 and slowed down'
        cluster.proxy.stats().throttled() > 0
        provider.limiter().throttles() == cluster.proxy.stats().throttled()
        provider.limiter().rate(Operation.WRITE) < KubernetesProvider.DEFAULT_RATE

        cleanup:
        provider?.close()
        cluster?.close()
    }

    def "the API server publishes no quota: each rate starts at kubectl's pace, and a rate option caps it rather than fixing it"() {
        given:
        def cluster = new MockCluster(new ServerKnobs())

        when:
        def provider = cluster.open('paced', options)

        then:
        provider.limiter().rate(Operation.WRITE) == write
        provider.limiter().rate(Operation.READ) == KubernetesProvider.DEFAULT_RATE

        cleanup:
        provider?.close()
        cluster?.close()

        where:
        options                 || write
        [:]                     || KubernetesProvider.DEFAULT_RATE
        ['rate.write': '500']   || KubernetesProvider.DEFAULT_RATE
        ['rate.write': '20']    || 20
        ['rate.write': '0']     || 0
    }

    def "reads recover from a server that drops connections for a while"() {
        given:
        def cluster = new MockCluster()
        def provider = cluster.open('flaky', ['rate.attempts': 40])
        (0..<5).each { provider.write(SecretRecord.ofText("k$it", "v$it"), WriteCondition.upsert(), WriteOptions.none()) }

        when: 'the server drops every connection until it has dropped six'
        cluster.proxy.knobs().faults(ServerKnobs.Fault.DROP_CONNECTION, 1.0)
        def recovery = Thread.start {
            while (cluster.proxy.stats().faults() < 6) {
                Thread.sleep(5)
            }
            cluster.proxy.knobs().faults(ServerKnobs.Fault.DROP_CONNECTION, 0)
        }
        def read = (0..<5).collect { provider.read("k$it").get().value().text() }
        def listed = provider.list('', null, 10).items()*.key()
        recovery.join()

        then: 'every read returned, after the limiter retried the failed ones'
        read == (0..<5).collect { "v$it" as String }
        listed == (0..<5).collect { "k$it" as String }
        cluster.proxy.stats().faults() >= 6
        provider.limiter().retries() > 0

        cleanup:
        provider?.close()
        cluster?.close()
    }

    def "a write to a server that drops connections reports UNAVAILABLE, loses nothing, and its retry lands once"() {
        given:
        def cluster = new MockCluster()
        def provider = cluster.open('dropping')
        provider.write(SecretRecord.ofText('kept', 'before'), WriteCondition.upsert(), WriteOptions.none())
        def record = SecretRecord.ofText('new', 'v')

        when: 'every connection is dropped'
        cluster.proxy.knobs().faults(ServerKnobs.Fault.DROP_CONNECTION, 1.0)
        provider.write(record, WriteCondition.createOnly(), new WriteOptions('token-9'))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.retryable()
        e.message.contains(cluster.proxy.endpoint().toString())

        when: 'the server comes back and the write is retried with its token'
        cluster.proxy.knobs().faults(ServerKnobs.Fault.DROP_CONNECTION, 0)
        def writesBefore = cluster.proxy.stats().answered(Operation.WRITE)
        def result = provider.write(record, WriteCondition.createOnly(), new WriteOptions('token-9'))

        then: 'it lands once, and nothing else changed'
        result.created()
        cluster.proxy.stats().answered(Operation.WRITE) == writesBefore + 1
        provider.read('new').get().value().text() == 'v'
        provider.read('kept').get().value().text() == 'before'

        cleanup:
        provider?.close()
        cluster?.close()
    }

    def "server errors are retried for reads, and reported as UNAVAILABLE for writes"() {
        given:
        def cluster = new MockCluster()
        def provider = cluster.open('failing', ['rate.attempts': 40])
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when:
        cluster.proxy.knobs().faults(ServerKnobs.Fault.SERVER_ERROR, 0.5)
        def values = (0..<5).collect { provider.read('k').get().value().text() }

        then:
        values == ['v'] * 5
        cluster.proxy.stats().faults() > 0

        when:
        cluster.proxy.knobs().faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)
        provider.write(SecretRecord.ofText('k', 'w'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.message.contains('failed (500 InternalError)')

        cleanup:
        provider?.close()
        cluster?.close()
    }

    def "a server error on the health check is a transient failure, which asking again after the outage clears"() {
        given:
        def cluster = new MockCluster()
        def provider = cluster.open('health', ['rate.attempts': 1])
        cluster.proxy.knobs().faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)

        when:
        def during = provider.health(false)
        cluster.proxy.knobs().faults(ServerKnobs.Fault.SERVER_ERROR, 0)
        def after = provider.health(false)

        then:
        !during.healthy()
        during.transientFailure()
        during.problems()[0].contains('500')
        after.healthy()
        !after.transientFailure()

        cleanup:
        provider?.close()
        cluster?.close()
    }
}
