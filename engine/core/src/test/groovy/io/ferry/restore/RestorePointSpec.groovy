package io.ferry.restore

import io.ferry.api.BackupRequest
import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.state.Action
import io.ferry.runbook.Backup
import io.ferry.runbook.Execution
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.ItemStatus
import io.ferry.state.RunStage
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.sql.DriverManager
import java.nio.file.Path
import java.time.Duration

/**
 * Restore points: taken sealed under the journal key, listed, and restored as an ordinary run that is
 * planned, validated and reversible; and the bad inputs a user brings to them.
 */
class RestorePointSpec extends Specification {

    static final String CANARY = 'rp-canary-7f3a91-value'
    static final String EXTRA_CANARY = 'rp-extra-canary-2c8e55-value'

    @TempDir
    Path dir

    EngineFixture engine
    String store

    def setup() {
        engine = new EngineFixture(dir)
        store = "memory:rp-${UUID.randomUUID()}"
        def p = engine.open(store)
        p.write(SecretRecord.builder('app/a').text(CANARY).contentType(SecretRecord.TEXT).tag('team', 'pay').build(),
                WriteCondition.upsert(), WriteOptions.none())
        EngineFixture.seed(p, ['app/b': 'b-1', 'db/c': 'c-1'])
    }

    def cleanup() {
        FlakyProviderFactory.REFUSED.clear()
        engine.close()
    }

    Map<String, String> values(String uri = store) {
        def p = engine.open(uri)
        p.stream('', 100).toList().collectEntries { [it.key(), p.read(it.key()).get().value().text()] }
    }

    def backup(List<String> keys = [], boolean allVersions = false, String to = null, Duration retention = null) {
        engine.ferry.backup(BackupRequest.of(store, keys, allVersions, to, retention))
    }

    def "a restore point keeps every secret sealed, and restoring it writes back what changed since as a run that validates"() {
        given:
        def point = backup().point()

        expect: 'the point is listed with its store and key count, and no value is in any file Ferry wrote'
        engine.ferry.backups()*.name() == [point.name()]
        point.storeUri() == store
        point.keyCount() == 3
        point.complete()
        !engine.allBytes().contains(CANARY)

        when: 'the store changes, then the point is restored'
        def p = engine.open(store)
        EngineFixture.seed(p, ['app/a': 'changed', 'new/x': 'x-1'])
        p.delete('app/b', null)
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), []))

        then: 'what the point holds is back, metadata too; what was created since stays; validation passed'
        result.status() == RunStatus.SUCCEEDED
        result.validation().passed()
        values() == ['app/a': CANARY, 'app/b': 'b-1', 'db/c': 'c-1', 'new/x': 'x-1']
        with(p.read('app/a').get()) {
            tags()['team'] == 'pay'
            contentType() == SecretRecord.TEXT
        }
        result.plan().count(Action.UPDATE) == 1
        result.plan().count(Action.CREATE) == 1
        result.plan().count(Action.UNCHANGED) == 1

        and: 'the run reads from the point, by name'
        engine.ferry.run(result.runId()).sourceUri() == "point:${point.name()}"

        when: 'the restore is rolled back'
        def undone = engine.ferry.rollback(result.runId())

        then: 'the store is as it was before the restore'
        undone.status() == RunStatus.ROLLED_BACK
        values() == ['app/a': 'changed', 'db/c': 'c-1', 'new/x': 'x-1']
        !engine.allBytes().contains(CANARY)
    }

    def "with delete-extra, what was created since the point is deleted as a journaled write, and a rollback writes it back"() {
        given:
        def point = backup().point()
        def p = engine.open(store)
        p.write(SecretRecord.builder('new/x').text(EXTRA_CANARY).tag('owner', 'ops').build(), WriteCondition.upsert(),
                WriteOptions.none())
        EngineFixture.seed(p, ['app/a': 'changed', 'app/new': 'n-1'])

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), [], true))
        def deletions = engine.ferry.items(result.runId(), null, 0, 10).findAll { it.action() == Action.DELETE }

        then: 'the store holds exactly the point again, and validation checked that the extras are gone'
        result.status() == RunStatus.SUCCEEDED
        values() == ['app/a': CANARY, 'app/b': 'b-1', 'db/c': 'c-1']
        result.plan().count(Action.DELETE) == 2
        result.plan().count(Action.UPDATE) == 1
        result.validation().passed()
        result.validation().compared() == 5
        deletions*.targetKey().sort() == ['app/new', 'new/x']
        deletions.every { it.reason() == "not in point:${point.name()}; deleted as extra, and written back by a rollback" }

        and: 'the deleted value is kept only sealed, as the before-image of its item'
        !engine.allBytes().contains(EXTRA_CANARY)

        when:
        def undone = engine.ferry.rollback(result.runId())

        then: 'the deleted secrets are back with their values and tags, and the update is undone'
        undone.status() == RunStatus.ROLLED_BACK
        values() == ['app/a': 'changed', 'app/b': 'b-1', 'app/new': 'n-1', 'db/c': 'c-1', 'new/x': EXTRA_CANARY]
        p.read('new/x').get().tags()['owner'] == 'ops'

        when: 'rolled back twice'
        def again = engine.ferry.rollback(result.runId())

        then: 'nothing changes'
        again.status() == RunStatus.ROLLED_BACK
        values()['new/x'] == EXTRA_CANARY
    }

    def "delete-extra deletes only within the point's globs and the restore's: #pointKeys, restoring #restoreKeys"() {
        given:
        def point = backup(pointKeys).point()
        EngineFixture.seed(engine.open(store), ['app/new': 'n-1', 'db/new': 'n-2'])

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), restoreKeys, true))

        then:
        result.status() == RunStatus.SUCCEEDED
        values().keySet().findAll { it.endsWith('/new') } as Set == left as Set

        where:
        pointKeys   | restoreKeys | left
        []          | []          | []
        ['app/**']  | []          | ['db/new']
        []          | ['db/**']   | ['app/new']
        ['app/**']  | ['app/*']   | ['db/new']
    }

    def "without delete-extra a restore plans no deletion"() {
        given:
        def point = backup().point()
        EngineFixture.seed(engine.open(store), ['app/new': 'n-1'])

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), []))

        then:
        result.plan().count(Action.DELETE) == 0
        values()['app/new'] == 'n-1'
    }

    def "an extra secret changed between the plan and its deletion is left as is, and the run says so"() {
        given:
        def point = backup().point()
        def p = engine.open(store)
        EngineFixture.seed(p, ['app/new': 'n-1'])
        def planned = engine.ferry.plan(engine.ferry.restoreRunbook(point.name(), [], true))
        EngineFixture.seed(p, ['app/new': 'n-2'])

        when:
        def result = engine.ferry.apply(planned.runId())
        def item = engine.ferry.items(result.runId(), null, 0, 10).find { it.action() == Action.DELETE }

        then: 'a restore stops at its first failed write'
        result.status() == RunStatus.STOPPED
        result.error().startsWith('writing app/new failed: the target changed since planning')
        item.status() == ItemStatus.FAILED
        values()['app/new'] == 'n-2'

        when: 'the failed deletion is rolled back'
        engine.ferry.rollback(result.runId())

        then: 'the newer value stays'
        values()['app/new'] == 'n-2'
    }

    def "a rollback leaves a deleted name that someone has written again since"() {
        given:
        def point = backup().point()
        def p = engine.open(store)
        EngineFixture.seed(p, ['app/new': 'n-1'])
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), [], true))
        EngineFixture.seed(p, ['app/new': 'someone-else'])

        when:
        def undone = engine.ferry.rollback(result.runId())
        def item = engine.ferry.items(result.runId(), null, 0, 10).find { it.action() == Action.DELETE }

        then:
        item.status() == ItemStatus.ROLLBACK_FAILED
        item.error() == 'holds another value, written by someone else since the run deleted it; left as is'
        undone.error().startsWith('1 records were changed by someone else since the run')
        values()['app/new'] == 'someone-else'
    }

    def "a restore with delete-extra interrupted while planning deletes the same extras when resumed from its journal"() {
        given:
        def point = backup().point()
        EngineFixture.seed(engine.open(store), ['app/new': 'n-1'])
        engine.cancellation.cancel()
        def interrupted = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), [], true))

        expect:
        interrupted.status() == RunStatus.INTERRUPTED
        values().containsKey('app/new')

        when: 'resumed by id alone, with the options journaled with the run'
        def fresh = new EngineFixture(dir)
        def resumed = fresh.ferry.resume(interrupted.runId())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        resumed.plan().count(Action.DELETE) == 1
        !values().containsKey('app/new')

        cleanup:
        fresh?.close()
    }

    def "a deletion left in flight by a crash is settled by reading the store when resumed: #what"() {
        given: 'a planned restore whose deletion the journal shows as started when the process died'
        def point = backup().point()
        def p = engine.open(store)
        EngineFixture.seed(p, ['app/new': 'n-1'])
        def planned = engine.ferry.plan(engine.ferry.restoreRunbook(point.name(), [], true))
        TestState.connect(dir).withCloseable { c ->
            c.createStatement().executeUpdate("UPDATE ferry_items SET status = 'WRITING' WHERE action = 'DELETE'")
            c.createStatement().executeUpdate("UPDATE ferry_runs SET status = 'EXECUTING', stage = '${RunStage.EXECUTION.label()}'")
        }
        meanwhile(p)

        when:
        def resumed = engine.ferry.resume(planned.runId())
        def item = engine.ferry.items(planned.runId(), null, 0, 10).find { it.action() == Action.DELETE }

        then:
        item.status() == status
        values()['app/new'] == left

        where:
        what                        | meanwhile                                          || status            | left
        'the deletion had landed'   | { it.delete('app/new', null) }                     || ItemStatus.DONE   | null
        'it had not'                | { }                                                || ItemStatus.DONE   | null
        'someone changed it since'  | { EngineFixture.seed(it, ['app/new': 'other']) }   || ItemStatus.FAILED | 'other'
    }

    def "restoring with --keys writes back only the matching keys"() {
        given:
        def point = backup().point()
        EngineFixture.seed(engine.open(store), ['app/a': 'changed-a', 'db/c': 'changed-c'])

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), ['db/**']))

        then:
        result.status() == RunStatus.SUCCEEDED
        values() == ['app/a': 'changed-a', 'app/b': 'b-1', 'db/c': 'c-1']
    }

    def "globs that match no key of the point are one line with exit 1, and no run is journaled"() {
        given:
        def point = backup().point()

        when:
        engine.ferry.restoreRunbook(point.name(), ['nothing/**', 'either/*'])

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ISSUES
        e.message == "no key of restore point ${point.name()} matches --keys 'nothing/**' --keys 'either/*'; " +
                "nothing was restored; see its keys with: ferry restore ${point.name()} --dry-run --all"
        engine.ferry.runs().isEmpty()
    }

    def "a restore point whose journal key is gone is refused with exit 6 naming the key file, and nothing is journaled"() {
        given:
        def point = backup().point()
        engine.ferry.close()
        Files.delete(dir.resolve('keys/journal.key'))
        def other = Ferry.configure().workingDirectory(dir).state(TestState.text(dir)).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(EngineFixture.context(dir)).load()

        when:
        other.restoreRunbook(point.name(), [])

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.startsWith("restore point ${point.name()} was sealed under journal key ")
        e.message.contains('FERRY_JOURNAL_KEY_FILE')
        other.runs().isEmpty()

        cleanup:
        other?.close()
    }

    def "an unknown point is a usage error naming the list command"() {
        when:
        engine.ferry.restoreRunbook('rp-nope', [])

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.contains("no restore point 'rp-nope'")
        e.message.endsWith('list them with: ferry backups')
    }

    def "a point of a store that now refuses some names is planned and reported, and nothing is written"() {
        given:
        def shaped = "flaky:rp-${UUID.randomUUID()}"
        EngineFixture.seed(engine.open(shaped), ['ok/a': 'a-1', 'bad/b': 'b-1'])
        def point = engine.ferry.backup(BackupRequest.of(shaped, [], false, null, null)).point()
        EngineFixture.seed(engine.open(shaped), ['ok/a': 'a-2'])
        engine.open(shaped).delete('bad/b', null)
        FlakyProviderFactory.REFUSED[shaped.substring('flaky:'.length())] = ['bad/b'] as Set

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), []))

        then: 'the refused name is planned as invalid, with the store rule, and the run stops before writing'
        result.exitCode() == ExitCode.PLAN_BLOCKED
        result.plan().count(Action.INVALID) == 1
        engine.ferry.items(result.runId(), null, 0, 10).find { it.sourceKey() == 'bad/b' }.reason() ==
                "the store no longer accepts the name 'bad/b'"
        values(shaped) == ['ok/a': 'a-2']
    }

    def "with every version, a restored secret gets its history back, oldest first"() {
        given:
        def p = engine.open(store)
        EngineFixture.seed(p, ['app/b': 'b-2'])
        EngineFixture.seed(p, ['app/b': 'b-3'])
        def point = backup(['app/b'], true).point()
        p.delete('app/b', null)

        expect:
        point.recordCount() == 3

        when:
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), []))

        then:
        result.status() == RunStatus.SUCCEEDED
        p.history('app/b')*.value()*.text() == ['b-1', 'b-2', 'b-3']
    }

    def "a point kept in a local store file is listed with its location and restores from there"() {
        given:
        def point = backup([], false, 'local:points/app.db').point()

        expect:
        point.location() == "local:${dir.resolve('points/app.db')}"
        values("local:${dir.resolve('points/app.db')}") == ['app/a': CANARY, 'app/b': 'b-1', 'db/c': 'c-1']

        when:
        EngineFixture.seed(engine.open(store), ['app/b': 'changed'])
        def result = engine.ferry.run(engine.ferry.restoreRunbook(point.name(), []))

        then:
        result.status() == RunStatus.SUCCEEDED
        values()['app/b'] == 'b-1'
    }

    def "a local store file that already holds secrets is refused for a point"() {
        given:
        EngineFixture.seed(engine.open('local:taken.db'), ['other': 'x'])

        when:
        backup([], false, 'local:taken.db')

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.endsWith('already holds secrets; give --to a new file for the restore point')
        engine.ferry.backups().isEmpty()
    }

    def "the retention prunes older points but never the one just taken"() {
        given:
        def first = backup().point()

        when:
        def second = backup([], false, null, Duration.ZERO)

        then:
        second.pruned() == [first.name()]
        engine.ferry.backups()*.name() == [second.point().name()]
    }

    def "a runbook that asks for a backup of the target takes one before it writes, and the run names it: #kind"() {
        given:
        def target = "memory:rp-t-${UUID.randomUUID()}"
        EngineFixture.seed(engine.open(target), ['app/a': 'old'])
        def file = dir.resolve("V1__copy.$kind")
        Files.writeString(file, text.replace('@SOURCE@', store).replace('@TARGET@', target))

        when:
        def result = engine.ferry.run(engine.ferry.load(file))
        def points = engine.ferry.restorePointsOf(result.runId())

        then: 'the point holds the target as it was before the run'
        result.status() == RunStatus.SUCCEEDED
        points*.role() == ['target']
        points[0].storeUri() == target
        points[0].keyCount() == 1

        when: 'it is restored'
        engine.ferry.run(engine.ferry.restoreRunbook(points[0].name(), []))

        then:
        values(target)['app/a'] == 'old'

        where:
        kind     | text
        'groovy' | """runbook { source '@SOURCE@'; target '@TARGET@'
                         planning { onExisting 'update'; takeOwnership true }
                         execution { backup 'target' } }"""
        'jsh'    | """var runbook = builder().source("@SOURCE@").target("@TARGET@")
                         .planning(new Planning(OnExisting.UPDATE, true))
                         .execution(Execution.defaults().withBackup(Backup.TARGET)).build();"""
    }

    def "backup '#choice' takes a point of #roles before the run writes, the source's limited to the keys discovery includes"() {
        given:
        def target = "memory:rp-t-${UUID.randomUUID()}"
        EngineFixture.seed(engine.open(target), ['app/a': 'old', 'other/z': 'z-1'])
        def file = dir.resolve('V1__copy.groovy')
        Files.writeString(file, """runbook { source '$store'; target '$target'
                discovery { include 'app/**' }
                planning { onExisting 'update'; takeOwnership true }
                execution { backup '$choice' } }""")

        when:
        def result = engine.ferry.run(engine.ferry.load(file))
        def points = engine.ferry.restorePointsOf(result.runId())

        then:
        result.status() == RunStatus.SUCCEEDED
        points.collectEntries { [it.role(), [it.storeUri(), it.keyCount()]] } == expected(store, target)

        where:
        choice   | roles            | expected
        'source' | 'the source'     | { s, t -> [source: [s, 2L]] }
        'target' | 'the target'     | { s, t -> [target: [t, 2L]] }
        'both'   | 'both stores'    | { s, t -> [target: [t, 2L], source: [s, 2L]] }
    }

    def "an unknown backup choice in a runbook names the valid ones"() {
        when:
        Execution.defaults().withBackup(Backup.of('all'))

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "backup 'all' is not one of 'none', 'target', 'source', 'both'"
    }
}
