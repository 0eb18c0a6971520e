package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import io.ferry.support.HostChild
import io.ferry.support.RunChild
import io.ferry.support.TestState
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import java.util.concurrent.TimeUnit

/**
 * Two machines, one state store on PostgreSQL: a run started on host A (a child JVM with its own
 * working directory) is killed with SIGKILL in the middle of execution and resumed on host B (a
 * second child JVM, another working directory and another FERRY_HOST_ID). While A's lease on the
 * run has not run out, B refuses, naming A; once it has, B takes the run over and finishes it with
 * nothing lost and nothing written twice.
 */
@IgnoreIf({ !TestState.postgres() })
class CrossHostResumeSpec extends Specification {

    @TempDir
    Path dir

    Path shared
    Path stores
    String journalKey

    def setup() {
        shared = Files.createDirectories(dir.resolve('shared'))
        stores = Files.createDirectories(dir.resolve('stores'))
        def key = new byte[32]
        new SecureRandom().nextBytes(key)
        journalKey = Base64.encoder.encodeToString(key)
    }

    def "a run killed on one host is refused elsewhere while its lease lasts, then resumed on another host writing each record once"() {
        given: 'a local source of 3000 records and an empty target, which both hosts reach at the same paths'
        def seeding = new EngineFixture(dir.resolve('seeding'))
        def source = seeding.open("local:${stores.resolve('source.db')}")
        (1..RunChild.RECORDS).each { i ->
            source.write(SecretRecord.builder("app/key-${i}").text(RunChild.value(i)).build(), WriteCondition.createOnly(), WriteOptions.none())
        }
        seeding.close()
        def hostA = Files.createDirectories(dir.resolve('host-a'))
        def hostB = Files.createDirectories(dir.resolve('host-b'))

        when: 'host A runs it, and holds in the middle of execution'
        def a = start(hostA, 'host-a', 'a.log', ['run'])
        waitFor(a, 'a.log') { Files.exists(hostA.resolve('paused')) }
        def runId = onlyRunId()

        and: 'host B resumes it while A still drives it'
        def refused = start(hostB, 'host-b', 'b-refused.log', ['resume', runId])

        then: 'B refuses with one line naming A, its host and when its lease expires, and leaves the run as it was'
        refused.waitFor(5, TimeUnit.MINUTES)
        refused.exitValue() == ExitCode.USAGE.code()
        def said = refusal('b-refused.log')
        said.startsWith("ferry: run $runId is being driven by process ${a.pid()} on host-a, whose lease on it expires at ")
        said.endsWith('; wait for it, or if that process is gone for good, repeat the command with --force')
        a.isAlive()
        lease(runId).host == 'host-a'
        lease(runId).pid == a.pid()

        when: 'A is killed with SIGKILL'
        def doneWhenKilled = journal(runId).done
        a.destroyForcibly()
        a.waitFor(5, TimeUnit.MINUTES)

        and: 'B tries again before the lease has run out'
        def early = start(hostB, 'host-b', 'b-early.log', ['resume', runId])
        early.waitFor(5, TimeUnit.MINUTES)

        then: 'A really died in the middle of execution, and B cannot know it is gone, so it still refuses'
        !a.isAlive()
        journal(runId).status == 'EXECUTING'
        doneWhenKilled >= HostChild.HOLD_AT - 50 && doneWhenKilled < RunChild.RECORDS
        early.exitValue() == ExitCode.USAGE.code()
        refusal('b-early.log').startsWith("ferry: run $runId is being driven by process ${a.pid()} on host-a")

        when: "A's lease runs out, and B resumes"
        expireLease(runId)
        def b = start(hostB, 'host-b', 'b.log', ['resume', runId])
        b.waitFor(5, TimeUnit.MINUTES)

        then: 'B finished the run: every record done and validated'
        b.exitValue() == ExitCode.SUCCESS.code()
        Files.readAllLines(dir.resolve('b.log')).contains("finished $runId SUCCEEDED done=${RunChild.RECORDS} matched=${RunChild.RECORDS}".toString())
        journal(runId).status == 'SUCCEEDED'
        journal(runId).done == RunChild.RECORDS

        and: 'it released its lease, and kept its audit trail in its own working directory'
        leaseRow(runId) == null
        Files.exists(hostB.resolve(".ferry/audit/${runId}.jsonl"))
        Files.exists(hostA.resolve(".ferry/audit/${runId}.jsonl"))

        and: 'the target holds every record with its value, each written once: one version apiece'
        def checking = new EngineFixture(dir.resolve('checking'))
        def target = checking.open("local:${stores.resolve('target.db')}")
        target.stream('', 500).map { it.key() }.toList().size() == RunChild.RECORDS
        (1..RunChild.RECORDS).every { i ->
            def rec = target.read("app/key-${i}").get()
            rec.value().text() == RunChild.value(i) && rec.tags()['moved'] == 'yes'
        }
        (1..RunChild.RECORDS).every { i -> target.history("app/key-${i}").size() == 1 }

        cleanup:
        [a, refused, early, b].each { p -> if (p?.isAlive()) { p.destroyForcibly(); p.waitFor(5, TimeUnit.MINUTES) } }
        checking?.close()
    }

    private Process start(Path workingDirectory, String host, String log, List<String> command) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def builder = new ProcessBuilder([java] + TestState.childProperties() + ['-cp', System.getProperty('java.class.path'),
                HostChild.name, workingDirectory.toString(), TestState.text(shared), stores.toString()] + command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
        builder.environment().putAll([FERRY_HOST_ID: host, FERRY_JOURNAL_KEY: journalKey, FERRY_LEASE_DURATION: '10m'])
        builder.start()
    }

    /** @return the one line the child printed for Ferry's refusal */
    private String refusal(String log) {
        def lines = Files.readAllLines(dir.resolve(log)).findAll { it.startsWith('ferry: ') }
        assert lines.size() == 1: Files.readString(dir.resolve(log))
        lines[0]
    }

    private void waitFor(Process child, String log, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
        while (System.nanoTime() < deadline) {
            assert child.isAlive(): "the child ended early: ${Files.readString(dir.resolve(log))}"
            if (condition()) {
                return
            }
            Thread.sleep(20)
        }
        child.destroyForcibly()
        throw new AssertionError('the child did not get there within 5 minutes')
    }

    private String onlyRunId() {
        TestState.connect(shared).withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT id FROM ferry_runs')
            assert rs.next()
            rs.getString(1)
        }
    }

    private Map journal(String runId) {
        TestState.connect(shared).withCloseable { c ->
            def st = c.prepareStatement('''SELECT r.status, (SELECT count(*) FROM ferry_items i WHERE i.run_id = r.id AND i.status = 'DONE')
                    FROM ferry_runs r WHERE r.id = ?''')
            st.setString(1, runId)
            def rs = st.executeQuery()
            assert rs.next()
            [status: rs.getString(1), done: rs.getLong(2)]
        }
    }

    private Map leaseRow(String runId) {
        TestState.connect(shared).withCloseable { c ->
            def st = c.prepareStatement('SELECT pid, host, expires_ms FROM ferry_leases WHERE name = ?')
            st.setString(1, "run:$runId".toString())
            def rs = st.executeQuery()
            rs.next() ? [pid: rs.getLong(1), host: rs.getString(2), expiresMs: rs.getLong(3)] : null
        }
    }

    private Map lease(String runId) {
        def row = leaseRow(runId)
        assert row != null
        row
    }

    /** What the clock would do ten minutes on: the lease's expiry passes. */
    private void expireLease(String runId) {
        TestState.connect(shared).withCloseable { c ->
            def st = c.prepareStatement('UPDATE ferry_leases SET expires_ms = ? WHERE name = ?')
            st.setLong(1, System.currentTimeMillis() - 1)
            st.setString(2, "run:$runId".toString())
            assert st.executeUpdate() == 1
        }
    }
}
