package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import spock.lang.Specification

/** How a record's value becomes a Secret's data keys, and why every value reads back byte for byte. */
class DataCodecSpec extends Specification {

    static Map<String, String> texts(Map<String, byte[]> data) {
        data.collectEntries { k, v -> [k, new String(v, 'UTF-8')] }
    }

    def "a JSON object of text fields becomes one data key per field: #json"() {
        when:
        def encoded = DataCodec.encode(SecretValue.ofText(json), SecretRecord.JSON)
        def decoded = DataCodec.decode(encoded.data(), encoded.annotations())

        then:
        texts(encoded.data()) == fields
        encoded.annotations() == annotations
        decoded.value().text() == json
        decoded.contentType() == SecretRecord.JSON

        where:
        json                                           || fields                                   | annotations
        '{"password":"s3cret","username":"app"}'       || [password: 's3cret', username: 'app']    | [:]
        '{"username":"app","password":"s3cret"}'       || [username: 'app', password: 's3cret']    | ['ferry.io/key-order': 'username,password']
        '{"tls.crt":"line1\\nline2","x_y-z":"\\u0000"}' || ['tls.crt': 'line1\nline2', 'x_y-z': '\u0000'] | [:]
        '{}'                                           || [:]                                      | [:]
    }

    def "a data value that is not UTF-8 is a base64 marker in the JSON, and splits back into the same bytes"() {
        given:
        byte[] key = [0x00, 0xFF, 0xC0, 0xAF, 0x80] as byte[]
        def data = ['keystore.jks': key, 'password': 'changeit'.getBytes('UTF-8')]

        when:
        def decoded = DataCodec.decode(data, [:])
        def again = DataCodec.encode(decoded.value(), decoded.contentType())

        then:
        decoded.value().text() == '{"keystore.jks":{"base64":"' + key.encodeBase64() + '"},"password":"changeit"}'
        again.data()['keystore.jks'] == key
        texts(again.data()).password == 'changeit'
        again.annotations().isEmpty()
    }

    def "a value that would not read back byte for byte is kept whole under 'value': #what"() {
        given:
        def value = SecretValue.ofBytes(bytes as byte[])

        when:
        def encoded = DataCodec.encode(value, contentType)
        def decoded = DataCodec.decode(encoded.data(), encoded.annotations())

        then:
        encoded.data().keySet() == ['value'] as Set
        encoded.annotations() == ['ferry.io/content-type': contentType ?: '']
        decoded.value() == value
        decoded.contentType() == contentType

        where:
        what                          | contentType             | bytes
        'spaces in the JSON'          | SecretRecord.JSON       | '{"a": "b"}'.bytes.toList()
        'a number field'              | SecretRecord.JSON       | '{"port":5432}'.bytes.toList()
        'a nested object'             | SecretRecord.JSON       | '{"db":{"user":"u"}}'.bytes.toList()
        'a key a Secret cannot hold'  | SecretRecord.JSON       | '{"a/b":"c"}'.bytes.toList()
        'an escaped character'        | SecretRecord.JSON       | '{"a":"\\u00e9"}'.bytes.toList()
        'a repeated key'              | SecretRecord.JSON       | '{"a":"1","a":"2"}'.bytes.toList()
        'a marker that is not base64' | SecretRecord.JSON       | '{"a":{"base64":"***"}}'.bytes.toList()
        'an array'                    | SecretRecord.JSON       | '["a"]'.bytes.toList()
        'JSON without its type'       | null                    | '{"a":"b"}'.bytes.toList()
        'plain text'                  | SecretRecord.TEXT       | 'hunter2'.bytes.toList()
        'binary'                      | SecretRecord.BINARY     | [0xFE, 0xFF, 0x00]
        'nothing at all'              | null                    | []
    }

    def "a Secret that Ferry did not write reads as a JSON object of its data keys in name order"() {
        expect:
        DataCodec.decode([b: 'two'.bytes, a: 'one'.bytes], ['owner': 'team']).value().text() == '{"a":"one","b":"two"}'
        DataCodec.decode([:], [:]).value().text() == '{}'
    }

    def "a recorded key order survives keys added by someone else, which follow in name order"() {
        expect:
        DataCodec.decode([z: 'z'.bytes, a: 'a'.bytes, m: 'm'.bytes], ['ferry.io/key-order': 'z,gone,a']).value().text() ==
                '{"z":"z","a":"a","m":"m"}'
    }
}
