package io.ferry.provider.folder

import io.ferry.secret.SecretRecord
import io.ferry.testkit.EmulationContract

class FolderEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'folder'
    }

    @Override
    List<List> refusals() {
        [
            ['a name of 1025 letters', SecretRecord.ofText('k' * 1025, 'v'), 'at most 1024'],
        ]
    }

    @Override
    List<List> acceptances() {
        [
            ['spaces and non-ASCII', SecretRecord.ofText('ключ with space', 'v')],
            ['slashes and dots', SecretRecord.ofText('app/db.password', 'v')],
            ['a name of 1024 letters', SecretRecord.ofText('k' * 1024, 'v')],
        ]
    }
}
