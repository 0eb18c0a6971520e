package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.run.ProgressListener
import io.ferry.runbook.Runbook
import io.ferry.spi.ProviderContext
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Instant
import java.util.concurrent.TimeUnit

/**
 * The lease a process holds on a run while it drives it, as other processes see it: a holder that
 * may still run (here, on another host) is refused with one line; one whose lease ran out, or that
 * is a process of this host that ended, is taken over; {@code takeOverLeases} (the command line's
 * {@code --force}) takes over any.
 */
class RunLeaseSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine

    def setup() {
        engine = new EngineFixture(dir)
    }

    def cleanup() {
        engine?.close()
    }

    private Runbook copy() {
        def (src, dst) = ["src-${UUID.randomUUID()}", "dst-${UUID.randomUUID()}"]
        EngineFixture.seed(engine.open("memory:$src"), [a: 'alpha', b: 'bravo', c: 'charlie'])
        Runbook.builder().name('lease').source("memory:$src").target("memory:$dst").build()
    }

    def "#command of a run another host drives is refused with one line naming the holder, and changes nothing"() {
        given: 'a run, and a lease on it that a process on another host holds for ten more minutes'
        def runbook = copy()
        def runId = (finished ? engine.ferry.run(runbook) : engine.ferry.plan(runbook)).runId()
        def status = engine.ferry.run(runId).status()
        def expires = Instant.now().plusSeconds(600)
        holdLease(runId, 4242, 'build-host-7', expires)

        when:
        action(engine.ferry, runId, runbook)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == "run $runId is being driven by process 4242 on build-host-7, whose lease on it expires at " +
                "${Instant.ofEpochMilli(expires.toEpochMilli())}; wait for it, or if that process is gone for good, repeat the command with --force"
        !e.message.contains('\n')
        engine.ferry.run(runId).status() == status
        lease(runId) == [pid: 4242L, host: 'build-host-7']

        where:
        command    | finished | action
        'resume'   | false    | { Ferry f, String id, Runbook rb -> f.resume(id, rb) }
        'apply'    | false    | { Ferry f, String id, Runbook rb -> f.apply(id, rb) }
        'rollback' | true     | { Ferry f, String id, Runbook rb -> f.rollback(id, rb) }
        'retry'    | true     | { Ferry f, String id, Runbook rb -> f.retry(id, rb, ['a']) }
    }

    def "a run is taken over from #holder, and its lease given up when it is done"() {
        given:
        def runbook = copy()
        def runId = engine.ferry.plan(runbook).runId()
        holdLease(runId, pid(), host(engine), Instant.now().plusSeconds(expiresIn))

        when:
        def result = engine.ferry.resume(runId, runbook)

        then:
        result.status() == RunStatus.SUCCEEDED
        lease(runId) == null

        where:
        holder                                               | expiresIn | pid                  | host
        'another host whose lease ran out'                   | -1        | { 4242L }            | { e -> 'build-host-7' }
        'a process of this host that ended, lease or not'    | 600       | { endedProcess() }   | { e -> thisHost() }
    }

    def "a forced command takes a run over from a holder that may still run"() {
        given:
        def runbook = copy()
        def runId = engine.ferry.plan(runbook).runId()
        holdLease(runId, 4242, 'build-host-7', Instant.now().plusSeconds(600))
        def forced = Ferry.configure().workingDirectory(dir).state(TestState.text(dir)).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(EngineFixture.context(dir)).actor('spec').takeOverLeases(true).load()

        when:
        def result = forced.resume(runId, runbook)

        then:
        result.status() == RunStatus.SUCCEEDED
        lease(runId) == null

        cleanup:
        forced?.close()
    }

    def "a run holds its lease while it is driven, for as long as FERRY_LEASE_DURATION says"() {
        given:
        def seen = []
        def listener = new ProgressListener() {
            void progress(String stage, long done, long total) {
                if (seen.isEmpty()) {
                    seen << [at: System.currentTimeMillis(), lease: leaseWithExpiry(engine.ferry.runs()[0].id())]
                }
            }
        }
        def context = new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: EngineFixture.PASSPHRASE, FERRY_LEASE_DURATION: '7m'],
                ProviderContext.PassphraseSource.none())
        def ferry = Ferry.configure().workingDirectory(dir).state(TestState.text(dir)).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(context).actor('spec').progress(listener).load()

        when:
        def result = ferry.run(copy())

        then: 'while it ran, this process held it, for seven minutes from when it was taken or last renewed'
        result.status() == RunStatus.SUCCEEDED
        def during = seen[0].lease
        during.pid == ProcessHandle.current().pid()
        during.host == thisHost()
        during.expiresMs > seen[0].at + TimeUnit.MINUTES.toMillis(6)
        during.expiresMs <= seen[0].at + TimeUnit.MINUTES.toMillis(7)

        and: 'it gave it up when done'
        leaseWithExpiry(result.runId()) == null

        cleanup:
        ferry?.close()
    }

    def "a lease duration of #value is refused with one line"() {
        when:
        Ferry.configure().workingDirectory(dir).state(TestState.text(dir)).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_LEASE_DURATION: value], ProviderContext.PassphraseSource.none()))
                .load()

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == message

        where:
        value   || message
        'soon'  || "FERRY_LEASE_DURATION 'soon' is not a duration; write it as a whole number and a unit: 500ms, 30s, 5m, 1h or 1d"
        '100ms' || 'a lease of 100ms is too short to renew; give FERRY_LEASE_DURATION (or the lease duration) at least 300ms'
    }

    private static String thisHost() {
        InetAddress.localHost.hostName
    }

    private static long endedProcess() {
        def p = new ProcessBuilder('true').start()
        p.waitFor(5, TimeUnit.MINUTES)
        p.pid()
    }

    private void holdLease(String runId, long pid, String host, Instant expires) {
        TestState.holdLease(dir, "run:$runId".toString(), pid, host, expires)
    }

    private Map lease(String runId) {
        def row = leaseWithExpiry(runId)
        row == null ? null : [pid: row.pid, host: row.host]
    }

    private Map leaseWithExpiry(String runId) {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement('SELECT pid, host, expires_ms FROM ferry_leases WHERE name = ?')
            st.setString(1, "run:$runId".toString())
            def rs = st.executeQuery()
            rs.next() ? [pid: rs.getLong(1), host: rs.getString(2), expiresMs: rs.getLong(3)] : null
        }
    }
}
