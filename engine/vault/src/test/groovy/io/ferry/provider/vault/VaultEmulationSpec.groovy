package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.EmulationContract

class VaultEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'vault'
    }

    def "emulating HashiCorp Vault KV refuses #why"() {
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
        why                                | record                                                     || fragment
        'a trailing slash'                 | SecretRecord.ofText('app/db/', 'v')                        || 'HashiCorp Vault KV'
        'a custom_metadata value over 512' | SecretRecord.builder('app/db').tag('k', 'v' * 513).build() || 'longer than 512'
        'a C1 control in a path segment'   | SecretRecord.ofText('app/\u0085name', 'v')                 || 'U+0085'
    }

    def "emulating HashiCorp Vault KV accepts what it accepts: #why"() {
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
        why                                  | record
        'a nested path'                      | SecretRecord.ofText('app/db/password', 'v')
        'a right-to-left override, which is not a control character' | SecretRecord.ofText('app/\u202ename', 'v')
    }
}
