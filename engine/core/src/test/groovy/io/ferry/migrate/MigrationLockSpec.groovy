package io.ferry.migrate

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.support.EngineFixture
import io.ferry.support.MigrateChild
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Two migrate processes on one state store, and a migrate process killed while it holds the lock. */
class MigrationLockSpec extends Specification {

    @TempDir
    Path dir

    def setup() {
        def runbooks = Files.createDirectories(dir.resolve('runbooks'))
        Files.writeString(runbooks.resolve('V1__slow.groovy'), """
            runbook {
                step('wait for release') { ctx ->
                    new File('${path('started')}') << "\${ProcessHandle.current().pid()}\\n"
                    while (!new File('${path('release')}').exists()) { Thread.sleep(20) }
                    new File('${path('effects.log')}') << 'V1\\n'
                }
            }
        """.stripIndent())
        Files.writeString(runbooks.resolve('V2__quick.groovy'), """
            runbook { step('quick') { ctx -> new File('${path('effects.log')}') << 'V2\\n' } }
        """.stripIndent())
    }

    def "a second migrate process refuses while the first holds the lock, and the history stays consistent"() {
        when: 'the first process is inside V1'
        def first = startChild('first')
        waitFor(first) { Files.exists(dir.resolve('started')) }
        def second = startChild('second')
        def secondDone = second.waitFor(5, TimeUnit.MINUTES)

        then: 'the second refused at once, naming the holder, without running anything'
        secondDone
        second.exitValue() == ExitCode.ENVIRONMENT.code()
        def said = Files.readString(dir.resolve('second.log'))
        said.contains("another migration holds the lock of ${TestState.location(dir)}: process ${first.pid()} on ")
        said.contains('wait for it (--wait DURATION waits)')
        Files.readAllLines(dir.resolve('started')).size() == 1

        when: 'the first is released'
        Files.writeString(dir.resolve('release'), '')
        def firstDone = first.waitFor(5, TimeUnit.MINUTES)

        then: 'it applied both runbooks, once each'
        firstDone
        first.exitValue() == 0
        Files.readAllLines(dir.resolve('effects.log')) == ['V1', 'V2']
        history()*.script() == ['V1__slow.groovy', 'V2__quick.groovy']
        history().every { it.state() == MigrationState.APPLIED }
    }

    def "the lock of a killed migrate is detected, and once broken the migration is run again"() {
        given: 'a migrate process killed with SIGKILL inside V1'
        def child = startChild('killed')
        waitFor(child) { Files.exists(dir.resolve('started')) }
        child.destroyForcibly()
        child.waitFor(5, TimeUnit.MINUTES)
        def engine = new EngineFixture(dir)
        def migrator = engine.ferry.migrations(dir.resolve('runbooks'))

        when:
        migrator.migrate(null)

        then: 'the dead holder is named, with the command that breaks its lock'
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.contains("is held by process ${child.pid()} on ")
        e.message.contains('which no longer runs (it crashed or was killed); break the lock with: ferry unlock')

        when: 'the lock is broken and migrate run again'
        def broken = migrator.unlock(false)
        Files.writeString(dir.resolve('release'), '')
        def result = migrator.migrate(null)

        then:
        broken.get().pid() == child.pid()
        result.exitCode() == ExitCode.SUCCESS
        result.applied()*.runbook()*.script() == ['V1__slow.groovy', 'V2__quick.groovy']
        history()*.script() == ['V1__slow.groovy', 'V2__quick.groovy']

        cleanup:
        engine?.close()
    }

    def "unlock refuses to break the lock of a holder that may still run, unless forced"() {
        given:
        def child = startChild('holder')
        waitFor(child) { Files.exists(dir.resolve('started')) }
        def engine = new EngineFixture(dir)
        def migrator = engine.ferry.migrations(dir.resolve('runbooks'))

        when:
        migrator.unlock(false)

        then:
        def e = thrown(FerryException)
        e.message.contains('which may still be running; wait for it, or if you are sure it is gone: ferry unlock --force')

        cleanup:
        child.destroyForcibly()
        child.waitFor(5, TimeUnit.MINUTES)
        engine?.close()
    }

    private List history() {
        def engine = new EngineFixture(dir)
        try {
            // The history as another process sees it: through a fresh engine on the same state store.
            engine.ferry.migrations(dir.resolve('runbooks')).info().findAll { it.installedOn() != null }
        } finally {
            engine.close()
        }
    }

    private String path(String name) {
        dir.resolve(name).toString().replace('\\', '/')
    }

    private Process startChild(String name) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        new ProcessBuilder([java] + TestState.childProperties() + ['-cp', System.getProperty('java.class.path'), MigrateChild.name, dir.toString()])
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + '.log').toFile())
                .start()
    }

    private void waitFor(Process child, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
        while (System.nanoTime() < deadline) {
            assert child.isAlive(): "the child ended early: ${child.pid()}"
            if (condition()) {
                return
            }
            Thread.sleep(20)
        }
        child.destroyForcibly()
        throw new AssertionError('the child did not get there within 5 minutes')
    }
}
