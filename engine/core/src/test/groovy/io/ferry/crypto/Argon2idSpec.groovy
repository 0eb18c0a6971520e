package io.ferry.crypto

import org.bouncycastle.crypto.generators.Argon2BytesGenerator
import org.bouncycastle.crypto.params.Argon2Parameters
import spock.lang.Specification

class Argon2idSpec extends Specification {

    // Small costs keep the test fast; the derivation is the same function at any cost.
    def params = new KdfParams(64, 1, 1, (1..16) as byte[])

    def "the same passphrase and salt derive the same 256-bit key"() {
        when:
        def first = Argon2id.deriveKey('correct horse'.toCharArray(), params)
        def second = Argon2id.deriveKey('correct horse'.toCharArray(), params)

        then:
        first.length == 32
        first == second
    }

    def "another #changed derives another key"() {
        expect:
        Argon2id.deriveKey('correct horse'.toCharArray(), params) != Argon2id.deriveKey(passphrase.toCharArray(), other)

        where:
        changed      | passphrase       | other
        'passphrase' | 'correct horse.' | new KdfParams(64, 1, 1, (1..16) as byte[])
        'salt'       | 'correct horse'  | new KdfParams(64, 1, 1, (2..17) as byte[])
        'cost'       | 'correct horse'  | new KdfParams(64, 2, 1, (1..16) as byte[])
    }

    def "the derivation is Argon2id version 1.3 over the UTF-8 passphrase, the function whose reference vector BouncyCastle reproduces"() {
        given: "the reference implementation's vector (phc-winner-argon2 test.c: m=256 KiB, t=2, p=1), whose 8-byte salt KdfParams rightly refuses"
        byte[] reference = new byte[32]
        generator(256, 2, 'somesalt'.bytes).generateBytes('password'.bytes, reference)

        and: "the same function, called the way Argon2id is expected to call it"
        byte[] salt = (1..16) as byte[]
        byte[] direct = new byte[32]
        generator(256, 2, salt).generateBytes('pässword'.getBytes('UTF-8'), direct)

        expect:
        reference.encodeHex().toString() == '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe'
        Argon2id.deriveKey('pässword'.toCharArray(), new KdfParams(256, 2, 1, salt)) == direct
    }

    private static Argon2BytesGenerator generator(int memoryKib, int iterations, byte[] salt) {
        def generator = new Argon2BytesGenerator()
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(1)
                .withSalt(salt)
                .build())
        generator
    }
}
