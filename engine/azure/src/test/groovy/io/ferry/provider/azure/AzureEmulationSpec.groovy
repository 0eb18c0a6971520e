package io.ferry.provider.azure

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.EmulationContract

class AzureEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'azure'
    }

    /** Bytes that are not UTF-8, so a text-only store must encode them. */
    static byte[] binary(int size) {
        byte[] bytes = new byte[size]
        Arrays.fill(bytes, (byte) 0xFF)
        bytes
    }

    def "emulating Azure Key Vault refuses #why"() {
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
        why                                   | record                                                                                    || fragment
        'a value over 25,600 bytes'           | SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_601)).build()              || 'value is 25601 bytes'
        'binary that is too big once encoded' | SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_201))).build()            || 'value is 25604 bytes'
        'sixteen tags'                        | SecretRecord.builder('tags').tags((1..16).collectEntries { ["t$it" as String, 'v'] }).build() || 'at most 15'
        'a name of 128 characters'            | SecretRecord.ofText('a' * 128, 'v')                                                       || 'at most 127'
        'an underscore in the name'           | SecretRecord.ofText('db_pass', 'v')                                                       || 'U+005F LOW LINE'
    }

    def "emulating Azure Key Vault accepts what it accepts: #why"() {
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
        why                    | record
        'exactly 25,600 bytes' | SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_600)).build()
        '19,200 binary bytes'  | SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_200))).build()
    }
}
