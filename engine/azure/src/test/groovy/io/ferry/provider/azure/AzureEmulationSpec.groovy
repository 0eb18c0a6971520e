package io.ferry.provider.azure

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
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

    @Override
    List<List> refusals() {
        [
            ['a value over 25,600 bytes', SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_601)).build(), 'value is 25601 bytes'],
            ['binary that is too big once encoded', SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_201))).build(), 'value is 25604 bytes'],
            ['sixteen tags', SecretRecord.builder('tags').tags((1..16).collectEntries { ["t$it" as String, 'v'] }).build(), 'at most 15'],
            ['a name of 128 characters', SecretRecord.ofText('a' * 128, 'v'), 'at most 127'],
            ['an underscore in the name', SecretRecord.ofText('db_pass', 'v'), 'U+005F LOW LINE'],
        ]
    }

    @Override
    List<List> acceptances() {
        [
            ['exactly 25,600 bytes', SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_600)).build()],
            ['19,200 binary bytes', SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_200))).build()],
        ]
    }
}
