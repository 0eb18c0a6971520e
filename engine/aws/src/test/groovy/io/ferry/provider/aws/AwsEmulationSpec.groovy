package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.testkit.EmulationContract

class AwsEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'aws'
    }

    @Override
    List<List> refusals() {
        [
            ['a space in the name', SecretRecord.ofText('db pass', 'v'), 'AWS Secrets Manager'],
            ['a value over 65,536 bytes', SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[65_537])).build(), 'value is 65537 bytes'],
            ['a tag key over 128 characters', SecretRecord.builder('t').tag('k' * 129, 'v').build(), 'longer than 128'],
            ['a name of 513 characters', SecretRecord.ofText('a' * 513, 'v'), 'at most 512'],
        ]
    }

    @Override
    List<List> acceptances() {
        [
            ['every allowed name character', SecretRecord.ofText('a/b_c+d=e.f@g-h', 'v')],
            ['exactly 65,536 bytes', SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[65_536])).build()],
        ]
    }
}
