package io.ferry.migrate

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.secret.SecretRecord
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** migrate, info, validate, repair and baseline over a directory of versioned runbooks. */
class MigratorSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    Path runbooks

    def setup() {
        engine = new EngineFixture(dir)
        runbooks = Files.createDirectories(dir.resolve('runbooks'))
    }

    def cleanup() {
        engine.close()
    }

    Migrator migrator() {
        engine.ferry.migrations(runbooks)
    }

    /** A procedure runbook that appends its name to effects.log; fails while the file FAIL-name exists. */
    void procedure(String file, String extra = '') {
        def name = file.replaceAll(/\.groovy$/, '')
        Files.writeString(runbooks.resolve(file), """
            runbook {
                description '$name'
                step('$name') { ctx ->
                    if (new File('${path("FAIL-$name")}').exists()) throw new IllegalStateException('$name is broken')
                    new File('${path('effects.log')}') << '$name\\n'
                }
            }
            $extra
        """.stripIndent())
    }

    String path(String name) {
        dir.resolve(name).toString().replace('\\', '/')
    }

    List<String> effects() {
        Files.exists(dir.resolve('effects.log')) ? Files.readAllLines(dir.resolve('effects.log')) : []
    }

    Map<String, MigrationState> states() {
        migrator().info().collectEntries { [it.script(), it.state()] }
    }

    def "migrate on a fresh directory runs the versioned runbooks in version order, then the repeatable ones, and records each"() {
        given:
        ['V10__ten.groovy', 'V2__two.groovy', 'V1_1__one_one.groovy', 'V1__one.groovy', 'R__always.groovy'].each { procedure(it) }

        when:
        def result = migrator().migrate(null)

        then:
        result.exitCode() == ExitCode.SUCCESS
        effects() == ['V1__one', 'V1_1__one_one', 'V2__two', 'V10__ten', 'R__always']
        result.applied()*.result()*.status() == [RunStatus.SUCCEEDED] * 5

        and: 'the history holds what Flyway keeps, with each run'
        def info = migrator().info()
        info*.state() == [MigrationState.APPLIED] * 5
        info*.version() == ['1', '1.1', '2', '10', null]
        info*.description() == ['one', 'one one', 'two', 'ten', 'always']
        info.every { it.checksum() == it.appliedChecksum() && it.installedBy() == 'spec' && it.runId() != null && it.installedOn() != null }
        engine.ferry.run(info[0].runId()).runbookName() == 'V1__one'

        when: 'migrating again'
        def again = migrator().migrate(null)

        then: 'nothing runs'
        again.applied().isEmpty()
        effects().size() == 5
    }

    def "migrate on a partly applied directory runs what is pending; --target stops earlier"() {
        given:
        ['V1__one.groovy', 'V2__two.groovy', 'V3__three.groovy'].each { procedure(it) }

        when:
        def first = migrator().migrate('2')

        then:
        first.applied()*.runbook()*.script() == ['V1__one.groovy', 'V2__two.groovy']
        states() == ['V1__one.groovy': MigrationState.APPLIED, 'V2__two.groovy': MigrationState.APPLIED,
                     'V3__three.groovy': MigrationState.PENDING]

        when:
        procedure('V4__four.groovy')
        def second = migrator().migrate(null)

        then:
        second.applied()*.runbook()*.script() == ['V3__three.groovy', 'V4__four.groovy']
        effects() == ['V1__one', 'V2__two', 'V3__three', 'V4__four']
    }

    def "an applied runbook edited afterwards fails validate with both checksums and the fix, and migrate refuses; repair accepts the edit"() {
        given:
        procedure('V1__one.groovy')
        migrator().migrate(null)
        def applied = migrator().info()[0].checksum()
        Files.writeString(runbooks.resolve('V1__one.groovy'), Files.readString(runbooks.resolve('V1__one.groovy')) + '\n// edited\n')
        def now = migrator().info()[0].checksum()

        expect:
        states() == ['V1__one.groovy': MigrationState.CHANGED]
        migrator().validate() == ["checksum mismatch for V1__one.groovy: applied $applied, in the directory now $now; either revert "
                + "the edit, or, if it was deliberate, run: ferry repair $runbooks".toString()]

        when:
        migrator().migrate(null)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.VALIDATION_FAILED
        e.message.startsWith('migrate refused, nothing ran: checksum mismatch for V1__one.groovy')

        when:
        def repaired = migrator().repair()

        then:
        repaired.realigned() == ['V1__one.groovy']
        migrator().validate().isEmpty()
        states() == ['V1__one.groovy': MigrationState.APPLIED]
    }

    def "line endings and a byte-order mark are not an edit"() {
        given:
        procedure('V1__one.groovy')
        migrator().migrate(null)
        def text = Files.readString(runbooks.resolve('V1__one.groovy'))

        when:
        Files.write(runbooks.resolve('V1__one.groovy'), ('\uFEFF' + text.replace('\n', '\r\n')).getBytes(StandardCharsets.UTF_8))

        then:
        migrator().validate().isEmpty()
    }

    def "a failed runbook stops migrate, is recorded as failed with its run, and after a fix repair then migrate applies it"() {
        given:
        ['V1__one.groovy', 'V2__two.groovy', 'V3__three.groovy'].each { procedure(it) }
        Files.writeString(dir.resolve('FAIL-V2__two'), '')

        when:
        def result = migrator().migrate(null)

        then: 'it stopped at V2'
        result.exitCode() == ExitCode.STOPPED
        result.applied()*.success() == [true, false]
        result.error().startsWith('V2__two.groovy failed (run ')
        result.error().contains("ferry repair $runbooks")
        states() == ['V1__one.groovy': MigrationState.APPLIED, 'V2__two.groovy': MigrationState.FAILED,
                     'V3__three.groovy': MigrationState.PENDING]
        migrator().validate().size() == 1
        migrator().validate()[0].startsWith('V2__two.groovy failed on ')

        when: 'migrating again before a repair'
        migrator().migrate(null)

        then:
        thrown(FerryException)

        when: 'the cause is fixed, the history repaired, and migrate run'
        Files.delete(dir.resolve('FAIL-V2__two'))
        def repaired = migrator().repair()
        def second = migrator().migrate(null)

        then:
        repaired.removedFailed() == 1
        second.exitCode() == ExitCode.SUCCESS
        second.applied()*.runbook()*.script() == ['V2__two.groovy', 'V3__three.groovy']
        effects() == ['V1__one', 'V2__two', 'V3__three']
    }

    def "a repeatable runbook runs again when its content changes"() {
        given:
        procedure('R__refresh.groovy')
        migrator().migrate(null)

        when:
        def unchanged = migrator().migrate(null)
        procedure('R__refresh.groovy', '// now different')
        def pending = states()
        def changed = migrator().migrate(null)

        then:
        unchanged.applied().isEmpty()
        pending == ['R__refresh.groovy': MigrationState.PENDING]
        changed.applied().size() == 1
        effects() == ['R__refresh', 'R__refresh']
    }

    def "a baseline marks older runbooks as applied for an existing estate"() {
        given:
        ['V1__one.groovy', 'V2__two.groovy', 'V3__three.groovy'].each { procedure(it) }

        when:
        migrator().baseline('2', null)
        def info = migrator().info()
        def result = migrator().migrate(null)

        then:
        info.collect { "${it.version()} ${it.state()}".toString() } == ['1 BELOW_BASELINE', '2 BASELINE', '2 BELOW_BASELINE', '3 PENDING']
        result.applied()*.runbook()*.script() == ['V3__three.groovy']
        effects() == ['V3__three']

        when: 'a second baseline'
        migrator().baseline('3', null)

        then:
        def e = thrown(FerryException)
        e.message.contains('baseline is for an estate without history')
    }

    def "a runbook older than the newest applied version is ignored, and validate says so"() {
        given:
        ['V1__one.groovy', 'V2__two.groovy'].each { procedure(it) }
        migrator().migrate(null)
        procedure('V1_5__late.groovy')

        expect:
        states()['V1_5__late.groovy'] == MigrationState.IGNORED
        migrator().validate() == ['V1_5__late.groovy was never applied and is older than the applied version 2; rename it with a version above 2']
    }

    def "an applied runbook whose file is gone is shown as missing"() {
        given:
        procedure('V1__one.groovy')
        migrator().migrate(null)
        Files.delete(runbooks.resolve('V1__one.groovy'))

        expect:
        states() == ['V1__one.groovy': MigrationState.MISSING]
    }

    def "callbacks run before, after each runbook, after, and on error"() {
        given:
        ['beforeMigrate', 'afterEachRunbook', 'afterMigrate', 'onError'].each { name ->
            Files.writeString(runbooks.resolve("${name}.groovy"),
                    "new File('${path('callbacks.log')}') << \"\${event.name} \${event.script} \${event.error != null}\\n\"")
        }
        ['V1__one.groovy', 'V2__two.groovy'].each { procedure(it) }

        when:
        migrator().migrate(null)
        procedure('V3__three.groovy')
        Files.writeString(dir.resolve('FAIL-V3__three'), '')
        migrator().migrate(null)

        then:
        Files.readAllLines(dir.resolve('callbacks.log')) == [
                'beforeMigrate null false', 'afterEachRunbook V1__one.groovy false', 'afterEachRunbook V2__two.groovy false',
                'afterMigrate null false', 'beforeMigrate null false', 'onError V3__three.groovy true']
    }

    def "a failing beforeMigrate callback stops migrate before anything runs"() {
        given:
        procedure('V1__one.groovy')
        Files.writeString(runbooks.resolve('beforeMigrate.groovy'), "throw new IllegalStateException('maintenance window closed')")

        when:
        migrator().migrate(null)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.STOPPED
        e.message.startsWith('callback beforeMigrate.groovy failed: IllegalStateException at beforeMigrate.groovy:1 (message withheld: it may hold a value); nothing ran')
        effects().isEmpty()
    }

    def "a versioned copy runbook runs as a journaled run that can be rolled back by the run id in the history"() {
        given:
        def source = engine.open('local:old.db')
        source.write(SecretRecord.ofText('app/db', 'pw'), io.ferry.spi.WriteCondition.createOnly(), io.ferry.spi.WriteOptions.none())
        Files.writeString(runbooks.resolve('V1__copy.groovy'), "runbook { source 'local:old.db'; target 'local:new.db' }")

        when:
        def result = migrator().migrate(null)
        def runId = migrator().info()[0].runId()

        then:
        result.exitCode() == ExitCode.SUCCESS
        engine.ferry.rollback(runId).status() == RunStatus.ROLLED_BACK
    }

    def "badly named runbooks and versions used twice are refused, naming each file"() {
        given:
        procedure('V1_copy.groovy')
        procedure('V2__a.groovy')
        procedure('V2.0__b.groovy')
        Files.writeString(runbooks.resolve('README.md'), 'not a runbook')

        when:
        migrator().info()

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.contains('V1_copy.groovy: not a runbook name; a versioned runbook is V<version>__<description>.groovy (two underscores)')
        e.message.contains('V2__a.groovy: version 2 is also used by V2.0__b.groovy')
    }

    def "versions compare number by number"() {
        expect:
        ['10', '2', '1.1', '1', '1.10', '1.2'].collect { RunbookVersion.parse(it) }.sort()*.toString() == ['1', '1.1', '1.2', '1.10', '2', '10']
        RunbookVersion.parse('1.0') == RunbookVersion.parse('1')
    }

    def "a failed runbook whose run was resumed to success counts as applied after repair, and is not run again"() {
        given:
        ['V1__one.groovy', 'V2__two.groovy'].each { procedure(it) }
        Files.writeString(dir.resolve('FAIL-V1__one'), '')
        def failed = migrator().migrate(null)
        def runId = failed.applied()[0].result().runId()

        when: 'the cause is fixed and the run resumed rather than started again'
        Files.delete(dir.resolve('FAIL-V1__one'))
        engine.ferry.resume(runId)
        def repaired = migrator().repair()
        def result = migrator().migrate(null)

        then:
        repaired.completed() == ['V1__one.groovy']
        repaired.removedFailed() == 0
        result.applied()*.runbook()*.script() == ['V2__two.groovy']
        effects() == ['V1__one', 'V2__two']
        migrator().info()[0].runId() == runId
    }
}
