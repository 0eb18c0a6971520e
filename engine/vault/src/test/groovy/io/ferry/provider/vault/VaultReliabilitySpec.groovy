package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.WriteOutcome
import io.ferry.spi.WriteRequest
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.vault.VaultServer
import java.net.ServerSocket
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import spock.lang.AutoCleanup
import spock.lang.Specification

/** Throttling, dropped connections and an unreachable Vault: calls complete or fail clearly, and nothing is lost or doubled. */
class VaultReliabilitySpec extends Specification {

    ServerKnobs knobs = new ServerKnobs()

    @AutoCleanup
    VaultServer server = new VaultServer(knobs).start(0) as VaultServer

    def "with a write quota of 20 a second, 40 writes all land exactly once, the throttling honoured"() {
        given: 'a Vault with a low rate-limit quota, and a client configured far above it'
        knobs.quota(Operation.WRITE, 20)
        def prefix = VaultFixture.freshPrefix()
        def provider = ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=$prefix&rate.write=200&rate.attempts=30",
                VaultFixture.context())
        def requests = (0..<40).collect {
            new WriteRequest(SecretRecord.builder("k-$it").text("v-$it").tag('ferry-managed-by', 'ferry').build(),
                    WriteCondition.createOnly(), new WriteOptions("storm-$it"))
        }

        when: 'four threads write ten each'
        def pool = Executors.newFixedThreadPool(4)
        List<WriteOutcome> outcomes = requests.collate(10)
                .collect { batch -> pool.submit({ provider.writeBatch(batch) } as Callable<List<WriteOutcome>>) }
                .collectMany { it.get() }

        then: 'every write succeeded and made exactly version 1'
        outcomes.size() == 40
        outcomes.every { it.failure() == null && it.result().version() == '1' }
        (0..<40).every { server.versions('', 'secret', "${prefix}k-$it") == [1] }
        (0..<40).every { provider.read("k-$it").get().value().text() == "v-$it" }

        and: 'Vault throttled, and the limiter counted, waited and slowed down'
        server.stats().throttled() > 0
        provider.limiter().throttles() == server.stats().throttled()
        provider.limiter().rate(Operation.WRITE) < 200

        cleanup:
        pool?.shutdown()
        provider?.close()
    }

    def "Vault publishes no quota: each rate starts politely, and a rate option caps it rather than fixing it"() {
        when:
        def provider = ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=${VaultFixture.freshPrefix()}$options",
                VaultFixture.context())

        then:
        provider.limiter().rate(Operation.WRITE) == write
        provider.limiter().rate(Operation.READ) == 500

        cleanup:
        provider?.close()

        where:
        options             || write
        ''                  || 200
        '&rate.write=1000'  || 200
        '&rate.write=50'    || 50
        '&rate.write=0'     || 0
    }

    def "while Vault drops connections, reads recover by retrying and a failed write loses nothing"() {
        given:
        def provider = ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=${VaultFixture.freshPrefix()}&rate.attempts=20",
                VaultFixture.context())
        (0..<10).each { provider.write(SecretRecord.ofText("k-$it", "v-$it"), WriteCondition.upsert(), WriteOptions.none()) }

        when: 'half the connections drop'
        knobs.faults(ServerKnobs.Fault.DROP_CONNECTION, 0.5)
        def read = (0..<10).collect { provider.read("k-$it").get().value().text() }

        then:
        read == (0..<10).collect { "v-$it" as String }
        server.stats().faults() > 0

        when: 'a write meets the dropped connections'
        def failures = []
        def written = [:]
        (0..<10).each { n ->
            try {
                written[n] = provider.write(SecretRecord.ofText("w-$n", "new-$n"), WriteCondition.createOnly(), new WriteOptions("drop-$n"))
            } catch (ProviderException e) {
                failures << e
            }
        }

        then: 'the ones that failed say UNAVAILABLE, naming Vault'
        failures.every { it.kind() == ProviderException.Kind.UNAVAILABLE && it.message.contains(server.endpoint().toString()) }

        when: 'Vault recovers and the run writes again with the same tokens'
        knobs.faults(ServerKnobs.Fault.DROP_CONNECTION, 0)
        def retried = (0..<10).collect { n ->
            provider.write(SecretRecord.ofText("w-$n", "new-$n"), WriteCondition.createOnly(), new WriteOptions("drop-$n"))
        }

        then: 'every value is there once, and a write that had succeeded reports the same version again'
        (0..<10).every { provider.read("w-$it").get().value().text() == "new-$it" }
        retried.every { it.version() == '1' }
        written.every { n, result -> retried[n] == result }

        cleanup:
        provider?.close()
    }

    def "a server error on the health check's listing is a transient failure, which asking again after the outage clears"() {
        given:
        def provider = ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=${VaultFixture.freshPrefix()}&rate.attempts=1",
                VaultFixture.context())
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)

        when:
        def during = provider.health(false)
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 0)
        def after = provider.health(false)

        then:
        !during.healthy()
        during.transientFailure()
        during.problems()[0].contains('500')
        after.healthy()
        !after.transientFailure()

        cleanup:
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 0)
        provider?.close()
    }

    def "an unreachable address fails health and calls at once, naming the address and what to check"() {
        given: 'a port nothing listens on'
        def port = new ServerSocket(0).withCloseable { it.localPort }
        def provider = ProviderRegistry.load().open("vault:http://127.0.0.1:$port/secret?kv=2&connectTimeout=2", VaultFixture.context())

        when:
        def health = provider.health(true)

        then:
        health.reachable() == false
        !health.healthy()

        and: 'what came after the contact was not checked, so it is not reported'
        health.authenticated() == null
        health.canList() == null
        health.canWrite() == null
        health.problems().size() == 1
        health.problems()[0].contains("cannot reach Vault at http://127.0.0.1:$port")
        health.problems()[0].contains('check the address and port')
        health.transientFailure()

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.message.contains("http://127.0.0.1:$port")

        cleanup:
        provider?.close()
    }
}
