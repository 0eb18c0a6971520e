package io.ferry.provider.folder

import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.EmulationContract

class FolderEmulationSpec extends EmulationContract {

    @Override
    String scheme() {
        'folder'
    }

    def "emulating the folder store accepts what it accepts: #why"() {
        given:
        def provider = emulating()

        when:
        provider.write(SecretRecord.ofText(key, 'v'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        provider.read(key).isPresent()

        cleanup:
        provider.close()

        where:
        why                      | key
        'spaces and non-ASCII'   | 'ключ with space'
        'slashes and dots'       | 'app/db.password'
        'a name of 1024 letters' | 'k' * 1024
    }
}
