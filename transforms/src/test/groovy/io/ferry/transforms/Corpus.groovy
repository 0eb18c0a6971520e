package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import java.time.Instant

/**
 * Records as the providers hand them over: text, multi-field JSON, binary, unicode, empty, and keys
 * in every shape the stores allow. Every value holds {@link #CANARY}, so a test can prove no error
 * message carries a value.
 */
final class Corpus {

    static final String CANARY = 'c4nary-Zx9q'

    static List<SecretRecord> records() {
        byte[] allBytes = ((0..255).collect { it as byte } + (CANARY.bytes as List)) as byte[]
        [
            SecretRecord.ofText('plain', "text ${CANARY}"),
            SecretRecord.builder('app/db/credentials').value(SecretRecord.jsonValue(
                    [user: 'admin', password: CANARY, host: 'db.internal', port: 5432, tier: 'gold', enabled: 'true']))
                    .contentType(SecretRecord.JSON).tag('env', 'prod').tag('owner', 'team-a').build(),
            SecretRecord.builder('binary/blob').value(SecretValue.ofBytes(allBytes))
                    .contentType(SecretRecord.BINARY).build(),
            SecretRecord.builder('unicode/ключ/café').text("пароль ${CANARY} 🔑").tag('lang', 'ру').build(),
            SecretRecord.builder('empty').value(SecretValue.empty()).build(),
            SecretRecord.ofText('a/b/c/d', CANARY),
            SecretRecord.ofText('dotted.name.key', CANARY),
            SecretRecord.ofText('snake_case_key', CANARY),
            SecretRecord.ofText('kebab-case-key', CANARY),
            SecretRecord.ofText('UPPER/MixedCase', CANARY),
            SecretRecord.ofText('with spaces/in it', CANARY),
            SecretRecord.ofText('zebra--double//slash', CANARY),
            SecretRecord.ofText('/leading-and-trailing/', CANARY),
            SecretRecord.ofText('-x2e-', CANARY),
            SecretRecord.ofText('l' * 40, CANARY),
            SecretRecord.ofText('encoded/token', CANARY.bytes.encodeBase64().toString()),
            SecretRecord.builder('expiring').text(CANARY).expiresAt(Instant.parse('2031-01-01T00:00:00Z')).build(),
        ]
    }

    /** Keys made of every awkward character, in many combinations, for injectivity checks. */
    static List<String> generatedKeys() {
        def alphabet = ['a', 'Z', 'z', '0', '/', '-', '.', '_', ' ', 'é', '😀', 'x', '2', 'e']
        def keys = [] as LinkedHashSet
        alphabet.each { a ->
            keys << a
            alphabet.each { b ->
                keys << a + b
                alphabet.each { c -> keys << a + b + c }
            }
        }
        keys as List
    }
}
