package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderRegistry
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

    @Override
    List<List> refusals() {
        [
            ['an upper-case name', SecretRecord.ofText('Db-Pass', 'v'), 'DNS subdomain'],
            ['a name ending in a dash', SecretRecord.ofText('db-', 'v'), 'DNS subdomain'],
            ['two dots in a row', SecretRecord.ofText('a..b', 'v'), 'DNS subdomain'],
        ]
    }

    @Override
    List<List> acceptances() {
        [
            ['a dotted DNS name', SecretRecord.ofText('db.payments-prod', 'v')],
        ]
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
