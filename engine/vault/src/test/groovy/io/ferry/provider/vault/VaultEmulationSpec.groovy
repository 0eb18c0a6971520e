package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.testkit.EmulationContract

class VaultEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'vault'
    }

    @Override
    List<List> refusals() {
        [
            ['a trailing slash', SecretRecord.ofText('app/db/', 'v'), 'HashiCorp Vault KV'],
            ['a custom_metadata value over 512', SecretRecord.builder('app/db').tag('k', 'v' * 513).build(), 'longer than 512'],
            ['a C1 control in a path segment', SecretRecord.ofText('app/\u0085name', 'v'), 'U+0085'],
        ]
    }

    @Override
    List<List> acceptances() {
        [
            ['a nested path', SecretRecord.ofText('app/db/password', 'v')],
            ['a right-to-left override, which is not a control character', SecretRecord.ofText('app/\u202ename', 'v')],
        ]
    }
}
