package io.ferry.crypto

import spock.lang.Specification

class KdfParamsSpec extends Specification {

    def "encoded parameters decode to equal parameters"() {
        given:
        def params = KdfParams.defaults()

        when:
        def decoded = KdfParams.decode(params.encode())

        then:
        decoded == params
        decoded.hashCode() == params.hashCode()
        decoded.memoryKib() == KdfParams.DEFAULT_MEMORY_KIB
        decoded.iterations() == KdfParams.DEFAULT_ITERATIONS
        decoded.parallelism() == KdfParams.DEFAULT_PARALLELISM
        decoded.salt() == params.salt()
    }

    def "the encoded form names the algorithm and the costs"() {
        given:
        def params = new KdfParams(65536, 3, 4, (1..16) as byte[])

        expect:
        params.encode() == 'argon2id$m=65536,t=3,p=4$AQIDBAUGBwgJCgsMDQ4PEA'
    }

    def "parameters with another salt are not equal"() {
        expect:
        KdfParams.defaults() != KdfParams.defaults()
    }

    def "decoding '#text' fails with a message saying what is wrong"() {
        when:
        KdfParams.decode(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fragment)

        where:
        text                                         || fragment
        null                                         || 'expected argon2id$m=..,t=..,p=..$SALT'
        'scrypt$m=1,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA'  || 'expected argon2id'
        'argon2id$m=19456,t=2$AAAAAAAAAAAAAAAAAAAAAA' || 'out of range'
        'argon2id$m=19456,t=2,p=1,x=3$AAAAAAAAAAAAAAAAAAAAAA' || "unknown Argon2id parameter 'x'"
        'argon2id$m=19456,t,p=1$AAAAAAAAAAAAAAAAAAAAAA' || "'t'"
        'argon2id$m=19456,t=2,p=1$AAAA'              || 'at least 16 bytes'
    }

    def "the salt is copied in and out, so the parameters cannot be changed from outside"() {
        given:
        byte[] salt = new byte[16]
        def params = new KdfParams(19456, 2, 1, salt)

        when:
        salt[0] = 9
        params.salt()[1] = 9

        then:
        params.salt() == new byte[16]
    }
}
