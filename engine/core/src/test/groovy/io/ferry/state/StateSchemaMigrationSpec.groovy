package io.ferry.state

import io.ferry.crypto.Aead
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.sql.Connection
import java.sql.DriverManager
import spock.lang.Specification
import spock.lang.TempDir

class StateSchemaMigrationSpec extends Specification {

    @TempDir
    Path dir

    JournalKey key

    def setup() {
        key = JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))
    }

    /** A store as the Ferry before versioned migrations wrote it: its statements, one run, user_version 1. */
    private Path versionOneStore() {
        Path file = Files.createDirectories(dir.resolve('.ferry')).resolve('state.db')
        String ddl = StateSchemaMigrationSpec.getResource('state-store-schema-1.sql').text
        sqlite(file) { Connection c ->
            def s = c.createStatement()
            ddl.replaceAll(/(?m)^--.*$/, '').split(';').findAll { it.trim() }.each { s.execute(it) }
            def ps = c.prepareStatement('''INSERT INTO ferry_runs (id, runbook_name, source_uri, target_uri, status, stage, actor,
                started_at, updated_at, process_id, key_id, wrapped_key) VALUES ('20260101-kept', 'rb', 'memory:a', 'memory:b',
                'STOPPED', 'execution', 'me', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, ?, ?)''')
            ps.setString(1, key.id())
            ps.setBytes(2, key.wrap('20260101-kept', Aead.randomKey()))
            ps.executeUpdate()
            s.execute('PRAGMA user_version = 1')
        }
        file
    }

    private static <T> T sqlite(Path file, Closure<T> work) {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable(work)
    }

    private static List<List<Object>> rows(Path file, String sql) {
        sqlite(file) { Connection c ->
            c.createStatement().executeQuery(sql).with { rs ->
                def all = []
                while (rs.next()) {
                    all << (1..rs.metaData.columnCount).collect { rs.getObject(it) }
                }
                all
            }
        }
    }

    private static Map<String, List<List<Object>>> columnsOfEveryTable(Path file) {
        rows(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'ferry_schema_history' ORDER BY name")
                .collectEntries { [it[0], rows(file, "PRAGMA table_info(${it[0]})")] }
    }

    private static String digest(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    def "a state store written before versioned migrations is adopted and upgraded, and keeps what it held"() {
        given: 'a store of schema version 1, whose migration lock a migrate on another host holds'
        def file = versionOneStore()
        sqlite(file) { Connection c ->
            c.createStatement().execute("INSERT INTO ferry_migration_lock VALUES ('migrate', 77, 'old-host', '2026-01-01T00:00:00Z')")
        }

        when:
        def store = StateStore.open(file, key)

        then:
        store.openRun('20260101-kept').runId() == '20260101-kept'
        store.run('20260101-kept').get().status() == RunStatus.STOPPED

        when:
        store.close()

        then:
        rows(file, 'PRAGMA user_version') == [[StateSchema.VERSION]]
        rows(file, 'SELECT version, type, success FROM ferry_schema_history ORDER BY installed_rank') ==
                [['0', 'BASELINE', 1], ['1', 'SQL', 1], ['2', 'SQL', 1], ['3', 'SQL', 1], ['4', 'SQL', 1], ['5', 'SQL', 1]]
        rows(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('ferry_throughput_run', 'ferry_phase_history_migration') ORDER BY name") ==
                [['ferry_phase_history_migration'], ['ferry_throughput_run']]
        rows(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ferry_items_status'") == []

        and: 'the lock is a lease now, one that has run out, since its holder never renewed it'
        rows(file, 'SELECT name, pid, host, token, taken_at, expires_ms FROM ferry_leases') ==
                [['migrate', 77, 'old-host', '', '2026-01-01T00:00:00Z', 0]]
    }

    def "a new state store has every table and column schema version 1 wrote, with version 4's leases in place of its migration lock, and is what an upgraded one becomes"() {
        given:
        def former = versionOneStore()
        def versionOne = columnsOfEveryTable(former)
        versionOne.remove('ferry_migration_lock')

        when:
        StateStore.open(dir.resolve('new/state.db'), key).close()
        StateStore.open(former, key).close()
        def fresh = columnsOfEveryTable(dir.resolve('new/state.db'))

        then:
        fresh.subMap(versionOne.keySet()) == versionOne
        fresh == columnsOfEveryTable(former)
        fresh.keySet().containsAll(['ferry_stage_passes', 'ferry_store_pace', 'ferry_leases'])
        !fresh.containsKey('ferry_migration_lock')
        fresh.ferry_leases.collect { it[1] } == ['name', 'pid', 'host', 'token', 'taken_at', 'expires_ms']
    }

    def "opening a state store that is up to date applies nothing"() {
        given:
        def file = dir.resolve('state.db')
        StateStore.open(file, key).close()
        def history = rows(file, 'SELECT * FROM ferry_schema_history')

        when:
        StateStore.open(file, key).close()

        then:
        rows(file, 'SELECT * FROM ferry_schema_history') == history
        rows(file, 'PRAGMA user_version') == [[StateSchema.VERSION]]
    }

    def "a state store of a newer schema is refused with one line, and left as it was"() {
        given:
        def file = dir.resolve('state.db')
        StateStore.open(file, key).close()
        sqlite(file) { Connection c -> c.createStatement().execute("PRAGMA user_version = ${StateSchema.VERSION + 1}") }
        def before = digest(file)

        when:
        StateStore.open(file, key)

        then:
        def e = thrown(StateException)
        e.message == "state store $file was written by a newer Ferry (state schema version ${StateSchema.VERSION + 1}, " +
                "this Ferry reads up to ${StateSchema.VERSION}); upgrade Ferry to use it"
        !e.message.contains('\n')
        digest(file) == before
    }
}
