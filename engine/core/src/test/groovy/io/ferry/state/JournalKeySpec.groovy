package io.ferry.state

import com.sun.security.auth.module.UnixSystem
import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.spi.ProviderContext
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

@Requires({ java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix') })
class JournalKeySpec extends Specification {

    @TempDir
    Path dir

    def "the key file is found in \$HOME/.ferry, or where FERRY_JOURNAL_KEY_FILE says"() {
        expect:
        JournalKey.defaultFile(environment) == Path.of(expected)

        where:
        environment                                                   | expected
        [HOME: '/home/ops']                                           | '/home/ops/.ferry/journal.key'
        [HOME: '/home/ops', FERRY_JOURNAL_KEY_FILE: '/keys/ferry.key'] | '/keys/ferry.key'
        [HOME: '', FERRY_JOURNAL_KEY_FILE: '/keys/ferry.key']          | '/keys/ferry.key'
        [:]                                                           | System.getProperty('user.home') + '/.ferry/journal.key'
    }

    def "a new key file is its owner's only, and so is the directory made for it"() {
        when:
        def key = JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))

        then:
        mode(key.file()) == 'rw-------'
        mode(dir.resolve('keys')) == 'rwx------'
        Files.readString(key.file()).trim().decodeBase64().length == 32

        and: 'no temporary file is left beside it'
        Files.list(dir.resolve('keys')).withCloseable { it.map { it.fileName.toString() }.toList() } == ['journal.key']
    }

    def "processes creating the key at once all end up with the one key"() {
        given:
        def file = dir.resolve('journal.key')
        def pool = Executors.newFixedThreadPool(8)
        def start = new CountDownLatch(1)

        when:
        def ids = (1..8).collect { pool.submit({ start.await(); JournalKey.loadOrCreate(file).id() } as Callable<String>) }
        start.countDown()
        def seen = ids*.get().toSet()

        then:
        seen.size() == 1
        seen.first() == JournalKey.loadOrCreate(file).id()

        cleanup:
        pool.shutdownNow()
    }

    def "a key file others can read or write is refused with one line naming the fix: #permissions"() {
        given:
        def file = dir.resolve('journal.key')
        JournalKey.loadOrCreate(file)
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions))

        when:
        JournalKey.loadOrCreate(file)

        then:
        def e = thrown(StateException)
        e.message == "journal key file $file can be read or written by other users (mode $permissions); run chmod 600 $file"

        when: 'the fix is applied'
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString('rw-------'))

        then:
        JournalKey.loadOrCreate(file).file() == file

        where:
        permissions << ['rw-r--r--', 'rw-r-----', 'rw-----w-', 'rw-rw-rw-']
    }

    def "a run refuses a readable key file with exit code 6 before it opens the state store"() {
        given:
        def key = dir.resolve('keys/journal.key')
        JournalKey.loadOrCreate(key)
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString('rw-r--r--'))

        when:
        ferry(key, dir.resolve('project/.ferry/state.db'))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.endsWith("run chmod 600 $key")
        !Files.exists(dir.resolve('project/.ferry/state.db'))
    }

    @Requires({ new UnixSystem().uid == 0 })
    def "a key file that belongs to another user is refused with one line naming the fix"() {
        given:
        def file = dir.resolve('journal.key')
        JournalKey.loadOrCreate(file)
        def nobody = file.fileSystem.userPrincipalLookupService.lookupPrincipalByName('nobody')
        Files.setOwner(file, nobody)
        int nobodyId = Files.getAttribute(file, 'unix:uid') as int

        when:
        JournalKey.loadOrCreate(file)

        then:
        def e = thrown(StateException)
        e.message == "journal key file $file belongs to user id $nobodyId, not to user id 0 who runs Ferry; run chown root $file " +
                'or point FERRY_JOURNAL_KEY_FILE at your own key file'
    }

    def "the journal key is refused inside the state store's directory, naming both and the fix, and nothing is created: #where"() {
        given:
        def state = dir.resolve('project/.ferry/state.db')
        def key = dir.resolve(keyPath)

        when:
        ferry(key, state)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message == "the journal key $key is inside the state store's directory ${dir.toRealPath().resolve('project/.ferry')}, " +
                'so a copy of that directory would carry the key that opens its journal; set FERRY_JOURNAL_KEY_FILE to a path ' +
                'outside it, or give --state a file in another directory'
        !Files.exists(key)
        !Files.exists(state)

        where:
        where              | keyPath
        'beside it'        | 'project/.ferry/journal.key'
        'in a subdirectory'| 'project/.ferry/keys/journal.key'
    }

    def "a key reached through a link into the state store's directory is refused too"() {
        given:
        def state = dir.resolve('project/.ferry/state.db')
        Files.createDirectories(state.parent)
        Files.createSymbolicLink(dir.resolve('keys'), state.parent)

        when:
        ferry(dir.resolve('keys/journal.key'), state)

        then:
        def e = thrown(FerryException)
        e.message.startsWith("the journal key ${dir.resolve('keys/journal.key')} is inside the state store's directory")
        !Files.exists(state.parent.resolve('journal.key'))
    }

    def "a key beside the state store's directory, not in it, is accepted"() {
        when:
        def ferry = ferry(dir.resolve('project/journal.key'), dir.resolve('project/.ferry/state.db'))

        then:
        Files.exists(dir.resolve('project/journal.key'))
        mode(dir.resolve('project/.ferry/state.db')) == 'rw-------'
        mode(dir.resolve('project/.ferry')) == 'rwx------'

        cleanup:
        ferry?.close()
    }

    private Ferry ferry(Path key, Path state) {
        Ferry.configure().workingDirectory(dir).stateFile(state).journalKeyFile(key)
                .providerContext(new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none())).load()
    }

    private static String mode(Path path) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
    }
}
