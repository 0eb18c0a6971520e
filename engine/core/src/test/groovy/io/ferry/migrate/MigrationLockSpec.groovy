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
import java.time.Instant
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

    def "a migrate lock held on another host is refused while its lease lasts, and taken over once it has run out"() {
        given: 'a migrate on another host holds the lock, its lease running ten more minutes'
        Files.writeString(dir.resolve('release'), '')
        def engine = new EngineFixture(dir)
        def migrator = engine.ferry.migrations(dir.resolve('runbooks'))
        def expires = Instant.ofEpochMilli(Instant.now().plusSeconds(600).toEpochMilli())
        holdLock(4242, 'build-host-7', expires)

        when:
        migrator.migrate(null)

        then: 'migrate refuses, naming the holder, its host and when its lease expires'
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message == "another migration holds the lock of ${TestState.location(dir)}: process 4242 on build-host-7 (lease expires " +
                "$expires); wait for it (--wait DURATION waits), or if that process is gone for good: ferry unlock --force"

        when: 'unlock is asked to break it without --force'
        migrator.unlock(false)

        then:
        def refused = thrown(FerryException)
        refused.message.contains('which may still be running; wait for it, or if you are sure it is gone: ferry unlock --force')

        when: 'its lease runs out, as it does when that host vanished'
        expireLock()
        def result = migrator.migrate(null)

        then: 'the next migrate takes the lock over and applies the runbooks, once each'
        result.exitCode() == ExitCode.SUCCESS
        Files.readAllLines(dir.resolve('effects.log')) == ['V1', 'V2']
        history()*.script() == ['V1__slow.groovy', 'V2__quick.groovy']

        and: 'gives the lock up when done'
        engine.ferry.migrations(dir.resolve('runbooks')).unlock(false).isEmpty()

        cleanup:
        engine?.close()
    }

    def "unlock breaks a lock of another host whose lease ran out without --force"() {
        given:
        def engine = new EngineFixture(dir)
        holdLock(4242, 'build-host-7', Instant.now().minusSeconds(1))

        when:
        def broken = engine.ferry.migrations(dir.resolve('runbooks')).unlock(false)

        then:
        broken.get().pid() == 4242
        broken.get().host() == 'build-host-7'
        engine.ferry.migrations(dir.resolve('runbooks')).unlock(false).isEmpty()

        cleanup:
        engine?.close()
    }

    private void holdLock(long pid, String host, Instant expires) {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement("INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms) VALUES ('migrate', ?, ?, ?, ?, ?)")
            st.setLong(1, pid)
            st.setString(2, host)
            st.setString(3, UUID.randomUUID().toString())
            st.setString(4, Instant.now().toString())
            st.setLong(5, expires.toEpochMilli())
            st.executeUpdate()
        }
    }

    private void expireLock() {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement("UPDATE ferry_leases SET expires_ms = ? WHERE name = 'migrate'")
            st.setLong(1, System.currentTimeMillis() - 1)
            assert st.executeUpdate() == 1
        }
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
