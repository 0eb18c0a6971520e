package io.ferry.state

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import spock.lang.Specification

import java.time.Instant

class RecordCodecSpec extends Specification {

    def "a record survives the journal image encoding exactly: #what"() {
        expect:
        RecordCodec.decode(RecordCodec.encode(record)) == record

        where:
        what              | record
        'text only'       | SecretRecord.ofText('k', 'v')
        'every field'     | SecretRecord.builder('dir/ключ').text('{"a":1}').contentType('application/json').version('v7')
                .createdAt(Instant.parse('2024-01-02T03:04:05.123456789Z')).updatedAt(Instant.EPOCH)
                .expiresAt(Instant.parse('2030-01-01T00:00:00Z')).tag('env', 'prod').tag('empty', '')
                .attribute('enabled', 'true').build()
        'binary'          | SecretRecord.builder('bin').value(SecretValue.ofBytes((0..255).collect { it as byte } as byte[])).build()
        'empty value'     | SecretRecord.builder('e').value(SecretValue.empty()).build()
    }

    def "a damaged image is reported as a corrupt state store, without its content"() {
        given:
        byte[] image = RecordCodec.encode(SecretRecord.ofText('k', 'hunter2'))

        when:
        RecordCodec.decode(Arrays.copyOf(image, image.length - 3))

        then:
        def e = thrown(StateException)
        e.message == 'a journaled record image is unreadable; the state store may be corrupt'
    }
}
