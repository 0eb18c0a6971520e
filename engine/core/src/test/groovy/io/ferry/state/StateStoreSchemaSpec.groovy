package io.ferry.state

import io.ferry.crypto.Aead
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import spock.lang.Specification
import spock.lang.TempDir

class StateStoreSchemaSpec extends Specification {

    @TempDir
    Path dir

    /** The run and stage tables as schema version 1 first created them, stage table included. */
    private static final List<String> FORMER_DDL = [
        '''CREATE TABLE ferry_runs (
            id TEXT PRIMARY KEY, runbook_name TEXT NOT NULL, runbook_path TEXT, runbook_checksum TEXT,
            source_uri TEXT NOT NULL, target_uri TEXT NOT NULL, status TEXT NOT NULL, stage TEXT,
            actor TEXT NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
            options_json TEXT, summary_json TEXT, error TEXT, process_id INTEGER NOT NULL,
            key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL)''',
        '''CREATE TABLE ferry_stages (
            run_id TEXT NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, PRIMARY KEY (run_id, stage))''',
        '''CREATE TABLE ferry_sync_passes (
            sync_id TEXT NOT NULL, pass INTEGER NOT NULL, run_id TEXT, mode TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, changed INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL,
            error TEXT, PRIMARY KEY (sync_id, pass))''',
        '''CREATE TABLE ferry_syncs (
            id TEXT PRIMARY KEY, runbook_path TEXT NOT NULL, runbook_name TEXT NOT NULL, every_seconds INTEGER NOT NULL,
            propagate_deletes INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0, cursor TEXT,
            passes INTEGER NOT NULL DEFAULT 0, process_id INTEGER NOT NULL, actor TEXT NOT NULL,
            started_at TEXT NOT NULL, updated_at TEXT NOT NULL)''']

    private Path formerStore(JournalKey key) {
        Path file = Files.createDirectories(dir.resolve('.ferry')).resolve('state.db')
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            def s = c.createStatement()
            FORMER_DDL.each { s.execute(it) }
            def ps = c.prepareStatement('''INSERT INTO ferry_runs (id, runbook_name, source_uri, target_uri, status, stage, actor,
                started_at, updated_at, process_id, key_id, wrapped_key) VALUES (?, 'rb', 'memory:a', 'memory:b', ?, ?, 'me',
                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, ?, ?)''')
            [['20260101-stopped', 'STOPPED', 'execution'], ['20260101-undone', 'ROLLED_BACK', 'rollback'],
             ['20260101-steps', 'SUCCEEDED', 'steps'], ['20260101-fresh', 'PLANNING', 'discovery']].each { id, status, stage ->
                ps.setString(1, id); ps.setString(2, status); ps.setString(3, stage); ps.setString(4, key.id())
                ps.setBytes(5, key.wrap(id, Aead.randomKey()))
                ps.executeUpdate()
            }
            s.execute("""INSERT INTO ferry_stages VALUES ('20260101-stopped', 'planning', 'finished', '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:01Z')""")
            s.execute("""INSERT INTO ferry_syncs (id, runbook_path, runbook_name, every_seconds, propagate_deletes, passes,
                process_id, actor, started_at, updated_at) VALUES ('sync-1', '/rb.groovy', 'rb', 60, 0, 4, 1, 'me',
                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')""")
            ['running', 'done', 'failed', 'interrupted'].eachWithIndex { status, i ->
                s.execute("INSERT INTO ferry_sync_passes (sync_id, pass, mode, started_at, status) VALUES ('sync-1', ${i + 1}, 'compare', '2026-01-01T00:00:00Z', '$status')")
            }
            s.execute('PRAGMA user_version = 1')
        }
        file
    }

    private static List<String> tables(Path file) {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").with { rs ->
                def names = []
                while (rs.next()) { names << rs.getString(1) }
                names
            }
        }
    }

    def "a state store written with the stage table opens, and its runs, stages and passes read back as written"() {
        given:
        def key = JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))
        def file = formerStore(key)

        when:
        def store = StateStore.open(file, key)

        then:
        store.runs().collectEntries { [it.id(), [it.status(), it.stage()]] } == [
            '20260101-stopped': [RunStatus.STOPPED, RunStage.EXECUTION],
            '20260101-undone' : [RunStatus.ROLLED_BACK, RunStage.ROLLBACK],
            '20260101-steps'  : [RunStatus.SUCCEEDED, RunStage.STEPS],
            '20260101-fresh'  : [RunStatus.PLANNING, RunStage.DISCOVERY]]
        store.openRun('20260101-u').runId() == '20260101-undone'
        store.findSync('sync').get().passes()*.status() == [PassStatus.RUNNING, PassStatus.DONE, PassStatus.FAILED, PassStatus.INTERRUPTED]

        cleanup:
        store?.close()
    }

    def "the stage table of an existing store is left as it was, and a new store has none"() {
        given:
        def key = JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))
        def former = formerStore(key)

        when:
        def store = StateStore.open(former, key)
        def run = store.openRun('20260101-stopped')
        run.status(RunStatus.EXECUTING, RunStage.EXECUTION, null)
        run.insertItems([new JournalItem(1, 'a', 'a', Action.CREATE, null, [], [], true, null, null,
                SecretRecord.builder('a').value(SecretValue.ofText('v')).build(), null, ItemStatus.PENDING, 0, null, null)], { it })
        run.status(RunStatus.SUCCEEDED, RunStage.DONE, null)
        store.close()
        def fresh = StateStore.open(dir.resolve('other/state.db'), key)
        fresh.close()

        then:
        DriverManager.getConnection("jdbc:sqlite:$former").withCloseable { c ->
            c.createStatement().executeQuery('SELECT run_id, stage, status FROM ferry_stages').with { rs ->
                rs.next() && [rs.getString(1), rs.getString(2), rs.getString(3)] == ['20260101-stopped', 'planning', 'finished'] && !rs.next()
            }
        }
        'ferry_stages' in tables(former)
        !('ferry_stages' in tables(dir.resolve('other/state.db')))
        StateStore.open(former, key).withCloseable { it.run('20260101-stopped').get().stage() } == RunStage.DONE
    }
}
