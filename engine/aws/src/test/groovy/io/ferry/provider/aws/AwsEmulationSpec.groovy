package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.EmulationContract

class AwsEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'aws'
    }

    def "emulating AWS Secrets Manager refuses #why"() {
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
        why                         | record                                                                           || fragment
        'a space in the name'       | SecretRecord.ofText('db pass', 'v')                                              || 'AWS Secrets Manager'
        'a value over 65,536 bytes' | SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[65_537])).build() || 'value is 65537 bytes'
        'a tag key over 128 characters' | SecretRecord.builder('t').tag('k' * 129, 'v').build()                       || 'longer than 128'
        'a name of 513 characters'  | SecretRecord.ofText('a' * 513, 'v')                                              || 'at most 512'
    }

    def "emulating AWS Secrets Manager accepts what it accepts: #why"() {
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
        why                            | record
        'every allowed name character' | SecretRecord.ofText('a/b_c+d=e.f@g-h', 'v')
        'exactly 65,536 bytes'         | SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[65_536])).build()
    }
}
