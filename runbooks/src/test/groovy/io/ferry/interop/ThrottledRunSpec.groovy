package io.ferry.interop

import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.state.RunStatus
import io.ferry.testkit.server.ServerKnobs
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A store that admits fewer writes a second than the engine would send: each server answers past
 * its quota with the store's own throttling response, and the run must still complete with every
 * record written exactly once, at about the quota. The four stores run side by side, each with its
 * own engine and server, for long enough (at least 20 s) that the pacing settles.
 */
class ThrottledRunSpec extends Specification {

    static final double QUOTA = 25
    static final int RECORDS = 520

    @TempDir
    Path dir

    def "under a quota of #QUOTA writes/s every store gets every record exactly once"() {
        given:
        def names = ['aws', 'azure', 'vault', 'kubernetes']
        def pool = Executors.newFixedThreadPool(names.size())

        when:
        def outcomes = pool.invokeAll(names.collect { name -> { -> copyUnderQuota(name) } as Callable<Map> })*.get()
        def report = outcomes.collect { o ->
            String.format('%-10s %d records in a %.1f s run (plan, write, validate): %.1f records/s against a write quota of %.0f/s; %d throttled answers',
                    o.store, o.written, o.seconds, o.written / o.seconds, QUOTA, o.throttled)
        }
        Files.createDirectories(Path.of('target'))
        Files.write(Path.of('target/throttled-runs.txt'), report)
        report.each { println it }

        then: 'the run succeeded, nothing was lost or written twice, and the quota was felt'
        outcomes.every { it.status == RunStatus.SUCCEEDED }
        outcomes.every { it.written == RECORDS && it.missing == 0 && it.duplicated == 0 }
        outcomes.every { it.throttled > 0 }
        outcomes.every { it.seconds >= RECORDS / QUOTA * 0.8 }

        cleanup:
        pool?.shutdownNow()
    }

    private Map copyUnderQuota(String name) {
        def knobs = new ServerKnobs().quota(Operation.WRITE, QUOTA)
        def work = Files.createDirectories(dir.resolve(name))
        def store = StoreFixture.start(name, work, knobs)
        def memory = "memory:throttled-$name-${UUID.randomUUID()}"
        def ferry = Interop.engine(work, [store])
        try {
            def source = ferry.open(memory)
            (1..RECORDS).each {
                source.write(SecretRecord.ofText(String.format('secret-%04d', it), "value $it"), WriteCondition.upsert(),
                        WriteOptions.none())
            }
            String targetUri = store.uri()
            def runbook = Runbook.builder().name("throttled-$name").source(memory).target(targetUri)
                    .execution(new Execution(8, 3, OnError.STOP, 100, 0)).build()
            long start = System.nanoTime()
            def result = ferry.run(runbook)
            double seconds = (System.nanoTime() - start) / 1e9
            def target = ferry.open(targetUri)
            def keys = (1..RECORDS).collect { String.format('secret-%04d', it) }
            int missing = keys.count { target.read(it).isEmpty() }
            // Kubernetes keeps no history, so there the server's count of writes it carried out tells.
            int duplicated = name == 'kubernetes' ? store.server().stats().answered(Operation.WRITE) - RECORDS
                    : keys.count { target.history(it).size() != 1 }
            [store: name, status: result.status(), written: RECORDS - missing, missing: missing, duplicated: duplicated,
             seconds: seconds, throttled: store.server().stats().throttled()]
        } finally {
            ferry.close()
            store.close()
        }
    }
}
