package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.EmulationContract

class KubernetesEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'kubernetes'
    }

    @Override
    String shaped(String name) {
        name.toLowerCase(Locale.ROOT)
    }

    def "emulating Kubernetes Secrets refuses #why"() {
        given:
        def provider = emulating()

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains(fragment)

        cleanup:
        provider.close()

        where:
        why                      | record                              || fragment
        'an upper-case name'     | SecretRecord.ofText('Db-Pass', 'v') || 'DNS subdomain'
        'a name ending in a dash' | SecretRecord.ofText('db-', 'v')    || 'DNS subdomain'
        'two dots in a row'      | SecretRecord.ofText('a..b', 'v')    || 'DNS subdomain'
    }

    def "emulating Kubernetes Secrets accepts what it accepts: #why"() {
        given:
        def provider = emulating()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())

        then:
        result.version() == '1'
        provider.read(record.key()).get().value() == record.value()

        cleanup:
        provider.close()

        where:
        why               | record
        'a dotted DNS name' | SecretRecord.ofText('db.payments-prod', 'v')
    }

    def "emulate=k8s, the short scheme, takes on the same rules as emulate=kubernetes"() {
        given:
        def shortScheme = ProviderRegistry.load().open('memory:?emulate=k8s', CONTEXT)

        expect:
        shortScheme.constraints().store() == emulating().constraints().store()
        shortScheme.constraints().namePattern().pattern() == emulating().constraints().namePattern().pattern()

        cleanup:
        shortScheme.close()
    }
}
