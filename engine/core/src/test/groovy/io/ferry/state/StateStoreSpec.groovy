package io.ferry.state

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.api.Ferry
import io.ferry.spi.ProviderContext
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.sql.DriverManager

class StateStoreSpec extends Specification {

    @TempDir
    Path dir

    private Ferry ferry(Path keyFile, Path state = dir.resolve('.ferry/state.db')) {
        Ferry.configure().workingDirectory(dir).stateFile(state).journalKeyFile(keyFile)
                .providerContext(new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none())).load()
    }

    def "a file that is not SQLite is refused with one line naming it, and is left untouched"() {
        given:
        def state = Files.createDirectories(dir.resolve('data')).resolve('state.db')
        Files.writeString(state, 'this is not a database, just text that happens to be long enough' * 20)
        def before = Files.readAllBytes(state)

        when:
        ferry(dir.resolve('k'), state)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.startsWith("state store ${state} is not a readable SQLite file")
        e.message.endsWith('move it aside or point --state at another file')
        !e.message.contains('\n')
        Files.readAllBytes(state) == before
    }

    def "a SQLite file of another application is refused"() {
        given:
        def state = Files.createDirectories(dir.resolve('data')).resolve('other.db')
        DriverManager.getConnection("jdbc:sqlite:$state").withCloseable { it.createStatement().execute('CREATE TABLE orders (id INT)') }

        when:
        ferry(dir.resolve('k'), state)

        then:
        def e = thrown(FerryException)
        e.message == "state store ${state} is a SQLite file but not a Ferry state store; point --state at another file"
    }

    def "a run opened with another journal key says which key file to use"() {
        given:
        def first = ferry(dir.resolve('key-a'))
        def store = StateStore.open(dir.resolve('.ferry/state.db'), JournalKey.loadOrCreate(dir.resolve('key-a')))
        def run = store.createRun(new RunRecord('run-1', 'rb', null, null, 'memory:a', 'memory:b', RunStatus.PLANNING,
                null, 'me', null, null, null, '{}', null, null, 0))
        store.close()
        first.close()

        when:
        def other = StateStore.open(dir.resolve('.ferry/state.db'), JournalKey.loadOrCreate(dir.resolve('key-b')))
        other.openRun('run-1')

        then:
        def e = thrown(StateException)
        e.message.contains('was journaled under journal key')
        e.message.contains("point ${JournalKey.FILE_VARIABLE} at the key file used when the run started")

        cleanup:
        other?.close()
    }

    def "the journal key file is created private to its owner"() {
        when:
        def key = JournalKey.loadOrCreate(dir.resolve('sub/journal.key'))

        then:
        Files.getPosixFilePermissions(key.file()) == [PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE] as Set
        JournalKey.loadOrCreate(dir.resolve('sub/journal.key')).id() == key.id()
    }

    def "an unknown run id lists how to find runs"() {
        given:
        def f = ferry(dir.resolve('k'))

        when:
        f.resume('nope')

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == "no run 'nope' is known here: none in ${dir.resolve('.ferry/state.db')}; list runs with: ferry runs, or point --state at the state store the run was started with"

        cleanup:
        f.close()
    }
}
