package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/**
 * A canary value, planted in every kind of write that succeeds or fails, never shows in a message, a
 * toString or the log (the tests log to target/kubernetes-tests.log at debug level, the client's own
 * logging included), neither as text nor as the base64 the API carries it in.
 */
class CanarySpec extends Specification {

    static final String CANARY = 'k8s-canary-5d21c9e0'

    def "the canary never shows in messages, toString or the log"() {
        given:
        def forms = [CANARY, CANARY.bytes.encodeBase64().toString()]
        def cluster = new MockCluster()
        def provider = cluster.open('canary')
        def said = []
        def attempt = { Closure action ->
            try {
                def result = action()
                said << String.valueOf(result)
            } catch (ProviderException e) {
                said << e.message << e.toString()
            }
        }
        def json = SecretRecord.builder('json').text('{"password":"' + CANARY + '"}').contentType(SecretRecord.JSON).build()

        when:
        attempt { provider.write(SecretRecord.ofText('plain', CANARY), WriteCondition.createOnly(), new WriteOptions('t-1')) }
        attempt { provider.write(SecretRecord.ofText('plain', CANARY), WriteCondition.createOnly(), new WriteOptions('t-1')) }
        attempt { provider.write(SecretRecord.ofText('plain', CANARY), WriteCondition.createOnly(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('plain', CANARY), WriteCondition.ifVersion('1'), WriteOptions.none()) }
        attempt { provider.write(json, WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('Bad_Name', CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.builder('big').value(SecretValue.ofText(CANARY * 60_000)).build(), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.read('plain') }
        attempt { provider.read('json') }
        attempt { provider.readBatch(['plain', 'json']) }
        attempt { provider.list('', null, 10) }
        attempt { provider.delete('plain', '1') }
        said << provider.toString()

        and: 'the server refuses the token, then drops connections, then fails'
        def denied = cluster.open('canary', [:], MockCluster.environment('wrong'))
        def impatient = cluster.open('canary', ['rate.attempts': 2])
        attempt { denied.write(SecretRecord.ofText('plain', CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        cluster.proxy.knobs().faults(ServerKnobs.Fault.DROP_CONNECTION, 1.0)
        attempt { impatient.write(json, WriteCondition.upsert(), WriteOptions.none()) }
        cluster.proxy.knobs().faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)
        attempt { impatient.write(json, WriteCondition.createOnly(), WriteOptions.none()) }
        def unreachable = ProviderRegistry.load().open('k8s:canary?server=http://127.0.0.1:1&rate.attempts=2', MockCluster.context())
        attempt { unreachable.write(json, WriteCondition.upsert(), WriteOptions.none()) }

        then: 'the canary was written, so there was something to leak'
        cluster.direct.secrets().inNamespace('canary').withName('plain').get().data.value == forms[1]
        said.size() > 15

        and: 'nothing said shows it'
        said.every { line -> forms.every { !line.contains(it) } }

        and: 'neither does the log'
        def log = Path.of('target/kubernetes-tests.log')
        Files.exists(log)
        forms.every { !Files.readString(log).contains(it) }

        cleanup:
        denied?.close()
        impatient?.close()
        unreachable?.close()
        provider?.close()
        cluster?.close()
    }
}
