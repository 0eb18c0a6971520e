package io.ferry.crypto

import spock.lang.Shared
import spock.lang.Specification

class AeadSpec extends Specification {

    @Shared
    byte[] key = Aead.randomKey()
    @Shared
    Aead aead = new Aead(key)

    def "sealing then opening with the same key and associated data gives the plaintext back"() {
        given:
        byte[] plaintext = (0..255).collect { it as byte } as byte[]

        when:
        byte[] envelope = aead.seal(plaintext, Aead.ad('db/password\u00001'))

        then:
        envelope.length == 1 + 12 + plaintext.length + 16
        envelope[0] == (byte) 1
        aead.open(envelope, Aead.ad('db/password\u00001')) == plaintext
    }

    def "two seals of one plaintext differ, because each has a fresh nonce"() {
        expect:
        aead.seal('same'.bytes, Aead.ad('k')) != aead.seal('same'.bytes, Aead.ad('k'))
    }

    def "an envelope does not open under another key"() {
        given:
        byte[] envelope = aead.seal('s3cr3t'.bytes, Aead.ad('k'))

        when:
        new Aead(Aead.randomKey()).open(envelope, Aead.ad('k'))

        then:
        def e = thrown(DecryptionException)
        !e.message.contains('s3cr3t')
    }

    def "an envelope changed in byte #index does not open"() {
        given:
        byte[] envelope = aead.seal('s3cr3t'.bytes, Aead.ad('k'))
        envelope[index] = (byte) (envelope[index] ^ 0x01)

        when:
        aead.open(envelope, Aead.ad('k'))

        then:
        thrown(DecryptionException)

        where:
        index << [0, 1, 12, 13, 20, 33]
    }

    def "an envelope does not open with other associated data: #otherAd"() {
        given:
        byte[] envelope = aead.seal('s3cr3t'.bytes, Aead.ad('db/password\u00001'))

        when:
        aead.open(envelope, Aead.ad(otherAd))

        then:
        thrown(DecryptionException)

        where:
        otherAd << ['db/password\u00002', 'db/passwore\u00001', '', 'db/password']
    }

    def "a truncated or empty envelope is rejected, not misread"() {
        when:
        aead.open(envelope as byte[], Aead.ad('k'))

        then:
        thrown(DecryptionException)

        where:
        envelope << [null, new byte[0], new byte[28], aead.seal('x'.bytes, Aead.ad('k'))[0..20]]
    }

    def "a key of the wrong length is refused"() {
        when:
        new Aead(new byte[16])

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('32-byte key')
    }

    def "toString shows no key material"() {
        expect:
        aead.toString() == 'Aead[AES-256-GCM, key masked]'
    }

    def "subkeys differ by purpose and are stable for one purpose"() {
        expect:
        Aead.subkey(key, 'values') == Aead.subkey(key, 'values')
        Aead.subkey(key, 'values') != Aead.subkey(key, 'check')
        Aead.subkey(key, 'values').length == 32
    }
}
