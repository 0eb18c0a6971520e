package io.ferry.monitor

import io.ferry.api.FerryException
import io.ferry.secret.SecretRecord
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

class ShadowMonitorSpec extends Specification {

    static final String CANARY = 'CANARY-monitor-93c0'

    @TempDir
    Path dir

    @AutoCleanup
    EngineFixture engine

    def setup() {
        engine = new EngineFixture(dir)
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    String migrate(String monitoring, int records = 50) {
        def sourceUri = "memory:mon-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        records.times { int i -> put(source, "app/k${i + 1}", "value-${i + 1}-$CANARY") }
        def file = dir.resolve('V1__monitored.groovy')
        Files.writeString(file, """
            runbook {
                source '${sourceUri}'
                target 'local:target.db'
                transform 'rename', from: ~/^app\\//, to: 'svc/'
                monitoring { ${monitoring} }
            }
        """)
        engine.ferry.run(engine.ferry.load(file)).runId()
    }

    def "a watch whose comparisons all match ends when the window has passed"() {
        given:
        def runId = migrate("shadowRead every: '50ms', during: '200ms'; minMatchRate 0.99")
        def heard = []

        when:
        def result = engine.ferry.monitor(runId, { check, differing -> heard << check } as MonitorListener)

        then: "the comparisons went through the renamed keys, and covered the window"
        result.passed()
        !result.interrupted()
        result.checks().size() >= 2
        result.checks().every { it.compared() == 50 && it.matched() == 50 }
        Duration.between(result.checks().first().at(), result.checks().last().at()) >= Duration.ofMillis(200)
        result.matchRate() == 1.0d
        result.drift() == 0
        heard.size() == result.checks().size()

        and: "each comparison is kept as evidence"
        engine.ferry.phase(runId).lastCheck().at() == result.checks().last().at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
        engine.ferry.phase(runId).lastCheck().compared() == 50
    }

    def "injected drift ends the watch at the first comparison below the bar, naming keys and never values"() {
        given:
        def runId = migrate("shadowRead every: '50ms', during: '1h'; minMatchRate 0.99")
        def target = engine.open('local:target.db')
        put(target, 'svc/k3', "tampered-$CANARY")
        target.delete('svc/k7', null)
        def heard = []

        when:
        def result = engine.ferry.monitor(runId, { check, differing -> heard << [check, differing] } as MonitorListener)

        then:
        !result.passed()
        result.checks().size() == 1
        result.checks()[0].mismatched() == 1
        result.checks()[0].missing() == 1
        result.drift() == 2
        result.reason() == 'the match rate 0.9600 fell below the runbook\'s 0.9900 (2 of 50 records differ)'
        heard[0][1].sort() == ['svc/k3', 'svc/k7']
        !heard.toString().contains(CANARY)
        !engine.allBytes().contains(CANARY)
    }

    def "a sample compares only a share of the records"() {
        given:
        def runId = migrate("shadowRead every: '50ms', during: '50ms', sample: 0.2", 500)

        when:
        def result = engine.ferry.monitor(runId, MonitorListener.NONE)

        then:
        result.checks().every { it.compared() > 40 && it.compared() < 200 }
    }

    def "a sample of #records records compares at least #expected of them"() {
        given:
        def runId = migrate("shadowRead every: '50ms', during: '50ms', sample: 0.01", records)

        when:
        def result = engine.ferry.monitor(runId, MonitorListener.NONE)

        then:
        result.passed()
        result.checks().every { it.compared() >= expected && it.matched() == it.compared() }

        where:
        records || expected
        2       || 2
        19      || 19
        300     || ShadowMonitor.MIN_SAMPLE
    }

    def "comparisons that found nothing to compare are no evidence: the watch fails and cutover is refused"() {
        given: 'a migration that moved no records'
        def runId = migrate("shadowRead every: '50ms', during: '100ms'; minMatchRate 0.99", 0)

        when:
        def result = engine.ferry.monitor(runId, MonitorListener.NONE)

        then:
        !result.passed()
        !result.interrupted()
        result.checks().every { it.compared() == 0 }
        result.reason().startsWith('no comparison in 100ms found a migrated record to compare')

        and: 'the phase machine does not count them'
        engine.ferry.phase(runId).lastCheck() == null
        engine.ferry.phase(runId).windowChecks() == 0
    }

    def "monitoring a runbook that declares no shadow read says how to declare one"() {
        given:
        def runId = migrate("minMatchRate 0.9")

        when:
        engine.ferry.monitor(runId, MonitorListener.NONE)

        then:
        def e = thrown(FerryException)
        e.message.startsWith("runbook V1__monitored declares no shadow read; add: monitoring { shadowRead every:")
    }
}
