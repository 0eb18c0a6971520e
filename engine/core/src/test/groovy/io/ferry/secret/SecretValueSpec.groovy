package io.ferry.secret

import spock.lang.Specification

class SecretValueSpec extends Specification {

    def "toString never shows the content, for #what"() {
        expect:
        value.toString() == "SecretValue[${value.size()} bytes, masked]"
        !value.toString().contains('hunter2')

        where:
        what     | value
        'text'   | SecretValue.ofText('hunter2')
        'binary' | SecretValue.ofBytes([0, 1, 2, -1] as byte[])
        'empty'  | SecretValue.empty()
    }

    def "a record's toString shows the key and never the value"() {
        expect:
        SecretRecord.ofText('db/password', 'hunter2').toString() ==
                'SecretRecord[key=db/password, value=SecretValue[7 bytes, masked], contentType=null, tags={}, version=null]'
    }

    def "values are equal exactly when their bytes are"() {
        expect:
        (SecretValue.ofText(a) == SecretValue.ofText(b)) == equal
        SecretValue.ofText(a).hashCode() == a.getBytes('UTF-8').length

        where:
        a       | b        || equal
        'abc'   | 'abc'    || true
        'abc'   | 'abd'    || false
        'abc'   | 'abcd'   || false
        ''      | ''       || true
        'Grüße' | 'Grüße'  || true
    }

    def "bytes survive exactly and text detection tells UTF-8 from binary"() {
        given:
        byte[] all = (0..255).collect { it as byte } as byte[]

        expect:
        SecretValue.ofBytes(all).bytes() == all
        !SecretValue.ofBytes(all).isUtf8()
        SecretValue.ofText('日本語 ✓').isUtf8()
        SecretValue.ofText('日本語 ✓').text() == '日本語 ✓'
    }

    def "changing the array a value was made from does not change the value"() {
        given:
        byte[] source = [1, 2, 3] as byte[]
        def value = SecretValue.ofBytes(source)

        when:
        source[0] = 9
        value.bytes()[1] = 9

        then:
        value.bytes() == [1, 2, 3] as byte[]
    }

    def "fingerprints are keyed: equal under one key, unrelated under another"() {
        given:
        def k1 = new Fingerprinter(new byte[32])
        def k2 = new Fingerprinter(([1] * 32) as byte[])
        def v = SecretValue.ofText('hunter2')

        expect:
        v.fingerprint(k1) == SecretValue.ofText('hunter2').fingerprint(k1)
        v.fingerprint(k1) != v.fingerprint(k2)
        v.fingerprint(k1) != SecretValue.ofText('hunter3').fingerprint(k1)
        v.fingerprint(k1) ==~ /hmac:[0-9a-f]{32}/
    }

    def "a record's JSON fields are read and written"() {
        given:
        def rec = SecretRecord.builder('db').text('{"user":"app","password":"pw","port":5432}').build()

        expect:
        rec.json.user == 'app'
        rec.json.port == 5432
        SecretRecord.ofText('x', 'not json').json == null
        SecretRecord.jsonValue([a: 1]).text() == '{"a":1}'
    }

    def "in Groovy, rec.value.text is the text and rec.value.utf8 tells whether it is text"() {
        given:
        def rec = SecretRecord.ofText('k', 'hunter2')

        expect:
        rec.value.text == 'hunter2'
        rec.value.utf8
        !SecretValue.ofBytes([-1, -2] as byte[]).utf8
    }
}
