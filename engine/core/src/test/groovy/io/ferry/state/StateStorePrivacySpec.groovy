package io.ferry.state

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

@Requires({ java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix') })
class StateStorePrivacySpec extends Specification {

    @TempDir
    Path dir

    def "the state store, its -wal and -shm and its directory are their owner's only while it is open"() {
        when:
        def store = StateStore.open(dir.resolve('project/.ferry/state.db'), JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))

        then:
        mode('project/.ferry/state.db') == 'rw-------'
        mode('project/.ferry/state.db-wal') == 'rw-------'
        mode('project/.ferry/state.db-shm') == 'rw-------'
        mode('project/.ferry') == 'rwx------'
        mode('project') == 'rwx------'

        cleanup:
        store?.close()
    }

    def "a state store an earlier Ferry left readable by others is made its owner's only when opened"() {
        given:
        def file = dir.resolve('state.db')
        StateStore.open(file, JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))).close()
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString('rw-r--r--'))

        when:
        def store = StateStore.open(file, JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))

        then:
        mode('state.db') == 'rw-------'
        mode('state.db-wal') == 'rw-------'

        cleanup:
        store?.close()
    }

    def "deleted journal rows are overwritten, not left in free pages: secure_delete is on"() {
        when:
        def store = StateStore.open(dir.resolve('state.db'), JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))
        def secureDelete = store.@db.number('read a setting', 'PRAGMA secure_delete')

        then:
        secureDelete == 1

        cleanup:
        store?.close()
    }

    private String mode(String path) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(path)))
    }
}
